import { InvokeCommand, LambdaClient, type InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_OPERATION_SETTINGS } from '../config/defaults.js';
import { OperationSpecError, TaskFailure } from '../errors.js';
import { decodeBatchKey, type S3BatchEvent } from './lambda-event.js';
import { lambdaInvokeOperation } from './lambda-invoke.js';
import type { OperationContext, Task } from './types.js';

// No emulator here runs Lambda code without Docker, so the Lambda API is mocked in-process.
const lambdaMock = mockClient(LambdaClient);
const lambda = new LambdaClient({ region: 'us-east-1' });

const task: Task = {
  id: '7',
  object: { bucket: 'photos', key: 'a b/c+d.jpg', versionId: 'v1' },
  location: { source: 'manifest.csv', line: 7 },
};

function context(withLambda = true): OperationContext {
  const s3 = new S3Client({ region: 'us-east-1' });
  return {
    s3: { source: s3, destination: s3 },
    crossEndpoint: false,
    signal: new AbortController().signal,
    jobId: 'job-9',
    settings: DEFAULT_OPERATION_SETTINGS,
    ...(withLambda ? { lambda } : {}),
  };
}

/** Answer every invocation with the given result code, echoing the task id. */
function respond(resultCode: string, resultString: string) {
  lambdaMock.on(InvokeCommand).callsFake((input: { Payload: Uint8Array }) => {
    const event = JSON.parse(Buffer.from(input.Payload).toString()) as S3BatchEvent;
    const body = {
      invocationSchemaVersion: event.invocationSchemaVersion,
      treatMissingKeysAs: 'PermanentFailure',
      invocationId: event.invocationId,
      results: [{ taskId: event.tasks[0]?.taskId, resultCode, resultString }],
    };
    return { StatusCode: 200, Payload: Buffer.from(JSON.stringify(body)) };
  });
}

/** A JSON response body as the SDK hands it back. */
function payload(body: unknown): InvokeCommandOutput['Payload'] {
  return Buffer.from(JSON.stringify(body)) as unknown as InvokeCommandOutput['Payload'];
}

function sentEvent(): S3BatchEvent {
  const input = lambdaMock.commandCalls(InvokeCommand)[0]?.args[0].input;
  return JSON.parse(Buffer.from(input?.Payload as Uint8Array).toString()) as S3BatchEvent;
}

afterEach(() => lambdaMock.reset());

describe('operation: LambdaInvoke', () => {
  it('sends the schema 1.0 event (bucket ARN, URL-encoded key, version) and reports resultString', async () => {
    // Prepare
    respond('Succeeded', 'thumbnail written');
    const op = lambdaInvokeOperation.create(
      lambdaInvokeOperation.parse({
        FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:thumbs',
      }),
    );

    // Act
    const outcome = await op.run(task, context());

    // Assess
    const event = sentEvent();
    expect(outcome.message).toBe('thumbnail written');
    expect(event).toMatchObject({
      invocationSchemaVersion: '1.0',
      job: { id: 'job-9' },
      tasks: [{ s3BucketArn: 'arn:aws:s3:::photos', s3Key: 'a%20b/c%2Bd.jpg', s3VersionId: 'v1' }],
    });
    expect(decodeBatchKey(event.tasks[0]!.s3Key)).toBe('a b/c+d.jpg');
    expect(lambdaMock.commandCalls(InvokeCommand)[0]?.args[0].input).toMatchObject({
      FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:thumbs',
      InvocationType: 'RequestResponse',
    });
  });

  it('sends the schema 2.0 event with the bucket name and job.userArguments', async () => {
    // Prepare
    respond('Succeeded', 'ok');
    const op = lambdaInvokeOperation.create(
      lambdaInvokeOperation.parse({
        FunctionArn: 'thumbs',
        InvocationSchemaVersion: '2.0',
        UserArguments: { size: '128' },
      }),
    );

    // Act
    await op.run(task, context());

    // Assess
    expect(sentEvent()).toMatchObject({
      invocationSchemaVersion: '2.0',
      job: { id: 'job-9', userArguments: { size: '128' } },
      tasks: [{ s3Bucket: 'photos', s3Key: 'a%20b/c%2Bd.jpg', s3VersionId: 'v1' }],
    });
  });

  it.each([
    ['TemporaryFailure', true],
    ['PermanentFailure', false],
  ])(
    'turns %s into a TaskFailure (temporary: %s) carrying resultString',
    async (code, temporary) => {
      // Prepare
      respond(code, 'image too large');
      const op = lambdaInvokeOperation.create(
        lambdaInvokeOperation.parse({ FunctionArn: 'thumbs' }),
      );

      // Act
      const error = await op.run(task, context()).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(TaskFailure);
      expect(error).toMatchObject({ code, temporary, message: 'image too large' });
    },
  );

  it('fails permanently when the function throws, with its error message', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: payload({ errorMessage: 'TypeError: x is undefined' }),
    });
    const op = lambdaInvokeOperation.create(lambdaInvokeOperation.parse({ FunctionArn: 'thumbs' }));

    // Act
    const error = await op.run(task, context()).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ code: 'LambdaFunctionError', temporary: false });
    expect((error as Error).message).toContain('TypeError: x is undefined');
  });

  it('applies treatMissingKeysAs when the function leaves the task out', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({
      StatusCode: 200,
      Payload: payload({ treatMissingKeysAs: 'TemporaryFailure', results: [] }),
    });
    const op = lambdaInvokeOperation.create(lambdaInvokeOperation.parse({ FunctionArn: 'thumbs' }));

    // Act
    const error = await op.run(task, context()).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ code: 'TemporaryFailure', temporary: true });
  });

  it('fails clearly without a Lambda client', async () => {
    const op = lambdaInvokeOperation.create(lambdaInvokeOperation.parse({ FunctionArn: 'thumbs' }));
    await expect(op.run(task, context(false))).rejects.toMatchObject({ code: 'NoLambdaClient' });
  });

  it.each([
    [{}, 'LambdaInvoke.FunctionArn', /required/],
    [{ FunctionArn: 'not a function!' }, 'LambdaInvoke.FunctionArn', /function name or ARN/],
    [
      { FunctionArn: 'f', InvocationSchemaVersion: '3.0' },
      'LambdaInvoke.InvocationSchemaVersion',
      /"1.0", "2.0"/,
    ],
    [
      { FunctionArn: 'f', UserArguments: { a: 'b' } },
      'LambdaInvoke.InvocationSchemaVersion',
      /needs InvocationSchemaVersion "2.0"/,
    ],
  ])('rejects the bad spec %j', (spec, field, message) => {
    let error: unknown;
    try {
      lambdaInvokeOperation.parse(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OperationSpecError);
    expect(error).toMatchObject({ field });
    expect((error as Error).message).toMatch(message);
  });
});
