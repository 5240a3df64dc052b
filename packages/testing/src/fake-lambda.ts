import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// moto's Lambda runs no code without Docker: this loopback server speaks the Lambda Invoke API
// (POST /2015-03-31/functions/<name>/invocations) and answers as the test's function would, so
// the real SDK's serialization, Lambda's error headers and retries are exercised.

/** The S3 Batch Operations event of a LambdaInvoke task, as far as a fake function reads it. */
export interface InvokedEvent {
  readonly invocationSchemaVersion: string;
  readonly invocationId: string;
  readonly tasks: readonly {
    readonly taskId: string;
    readonly s3Key: string;
    readonly s3Bucket?: string;
  }[];
}

/** The answer: HTTP status (default 200), Lambda's error headers, and a JSON body. */
export interface LambdaReply {
  readonly status?: number;
  /** `X-Amz-Function-Error`: the function threw (`Unhandled`) or returned an error. */
  readonly functionError?: string;
  /** `x-amzn-ErrorType`: an error of the Invoke API itself (a throttle). */
  readonly errorType?: string;
  readonly body: unknown;
}

export interface FakeLambda {
  readonly endpoint: string;
  /** `<request path> <s3Key>` of every invocation, in order. */
  readonly invoked: string[];
  /** Invocations per `s3Key` as sent (URL-encoded for schema 2.0), whoever retried them. */
  readonly invocations: Map<string, number>;
  stop(): Promise<void>;
}

/** Lambda's own throttle (429 TooManyRequestsException), which the SDK itself would retry. */
export const THROTTLED: LambdaReply = {
  status: 429,
  errorType: 'TooManyRequestsException',
  body: { message: 'Rate exceeded', Reason: 'ReservedFunctionConcurrency' },
};

/** The function's answer that settles the event's first task with `resultCode`. */
export function taskReply(
  event: InvokedEvent,
  resultCode: 'Succeeded' | 'TemporaryFailure' | 'PermanentFailure',
  resultString: string,
): LambdaReply {
  return {
    body: {
      invocationSchemaVersion: event.invocationSchemaVersion,
      treatMissingKeysAs: 'PermanentFailure',
      invocationId: event.invocationId,
      results: [{ taskId: event.tasks[0]!.taskId, resultCode, resultString }],
    },
  };
}

/** A fake function on 127.0.0.1 answering each invocation with `answer(event)`. */
export async function startFakeLambda(
  answer: (event: InvokedEvent) => LambdaReply,
): Promise<FakeLambda> {
  const invoked: string[] = [];
  const invocations = new Map<string, number>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const event = JSON.parse(body) as InvokedEvent;
      const key = event.tasks[0]?.s3Key ?? '';
      invoked.push(`${req.url} ${key}`);
      invocations.set(key, (invocations.get(key) ?? 0) + 1);
      const reply = answer(event);
      res.writeHead(reply.status ?? 200, {
        'Content-Type': 'application/json',
        ...(reply.functionError ? { 'X-Amz-Function-Error': reply.functionError } : {}),
        ...(reply.errorType ? { 'x-amzn-ErrorType': reply.errorType } : {}),
      });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    invoked,
    invocations,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
