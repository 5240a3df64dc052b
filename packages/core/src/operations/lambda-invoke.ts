import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { lazySchema } from '../config/lazy-schema.js';
import { loadSdk } from '../config/load-sdk.js';
import { TaskFailure } from '../errors.js';
import { encodeBatchKey, type S3BatchEvent, type S3BatchResponse } from './lambda-event.js';
import { describeObject } from './object-target.js';
import { parseSpec } from './spec-schema.js';
import type { Operation, OperationDefinition, Task } from './types.js';

/** The FunctionArn pattern of the S3 Control API: a name, partial or full ARN, optional qualifier. */
const FUNCTION_ARN =
  /^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$/;

export const lambdaInvokeSpecSchema = lazySchema(() =>
  z
    .strictObject({
      FunctionArn: z
        .string()
        .min(1)
        .max(1024)
        .regex(FUNCTION_ARN, 'must be a Lambda function name or ARN'),
      InvocationSchemaVersion: z.enum(['1.0', '2.0']).default('1.0'),
      UserArguments: z
        .record(z.string().min(1).max(64), z.string().max(1024))
        .refine((args) => Object.keys(args).length <= 10, 'must hold at most 10 entries')
        .optional(),
    })
    .refine((s) => s.UserArguments === undefined || s.InvocationSchemaVersion === '2.0', {
      message: 'UserArguments needs InvocationSchemaVersion "2.0"',
      path: ['InvocationSchemaVersion'],
    }),
);

/** `{"LambdaInvoke": {"FunctionArn": "arn:...", "InvocationSchemaVersion": "2.0", "UserArguments": {}}}` */
export type LambdaInvokeSpec = z.output<ReturnType<typeof lambdaInvokeSpecSchema>>;

/** The event S3 Batch Operations would send for this one task. */
export function buildBatchEvent(spec: LambdaInvokeSpec, task: Task, jobId: string): S3BatchEvent {
  const { bucket, key, versionId } = task.object;
  const base = { invocationId: randomUUID(), taskId: Buffer.from(task.id).toString('base64url') };
  const s3Key = encodeBatchKey(key);
  const s3VersionId = versionId ?? null;
  if (spec.InvocationSchemaVersion === '2.0') {
    return {
      invocationSchemaVersion: '2.0',
      invocationId: base.invocationId,
      job: { id: jobId, ...(spec.UserArguments ? { userArguments: spec.UserArguments } : {}) },
      tasks: [{ taskId: base.taskId, s3Bucket: bucket, s3Key, s3VersionId }],
    };
  }
  return {
    invocationSchemaVersion: '1.0',
    invocationId: base.invocationId,
    job: { id: jobId },
    tasks: [{ taskId: base.taskId, s3Key, s3VersionId, s3BucketArn: `arn:aws:s3:::${bucket}` }],
  };
}

function parsePayload(payload: Uint8Array | undefined): Partial<S3BatchResponse> & {
  errorMessage?: string;
} {
  const text = payload ? Buffer.from(payload).toString('utf8') : '';
  try {
    return text ? (JSON.parse(text) as Partial<S3BatchResponse>) : {};
  } catch {
    return { errorMessage: `function returned a payload that is not JSON: ${text.slice(0, 200)}` };
  }
}

/** Call a Lambda function once per task, with the S3 Batch Operations event and result codes. */
export const lambdaInvokeOperation: OperationDefinition<LambdaInvokeSpec> = {
  name: 'LambdaInvoke',
  parse: (value) => parseSpec(lambdaInvokeSpecSchema(), value, 'LambdaInvoke'),
  create(spec): Operation {
    return {
      name: 'LambdaInvoke',
      spec,
      // The function's own calls are its business: one Invoke is what s3bulk makes.
      requestsOf: () => ({ requests: { Invoke: 1 } }),
      async run(task, context) {
        if (!context.lambda) {
          throw new TaskFailure(
            'LambdaInvoke needs a Lambda client; none was configured',
            'NoLambdaClient',
            {
              temporary: false,
            },
          );
        }
        const event = buildBatchEvent(spec, task, context.jobId);
        const { InvokeCommand } = await loadSdk('lambda');
        const out = await context.lambda.send(
          new InvokeCommand({
            FunctionName: spec.FunctionArn,
            InvocationType: 'RequestResponse',
            Payload: new TextEncoder().encode(JSON.stringify(event)),
          }),
          { abortSignal: context.signal },
        );
        const response = parsePayload(out.Payload);
        if (out.FunctionError) {
          throw new TaskFailure(
            `${spec.FunctionArn} failed (${out.FunctionError}) for ${describeObject(task)}: ${response.errorMessage ?? 'no error message'}`,
            'LambdaFunctionError',
            // A function timeout may pass on retry; an exception in its code will not.
            {
              temporary: /timed out/i.test(response.errorMessage ?? ''),
              httpStatus: out.StatusCode,
            },
          );
        }
        const taskId = event.tasks[0]?.taskId;
        const result = response.results?.find((r) => r.taskId === taskId);
        const code = result?.resultCode ?? response.treatMissingKeysAs ?? 'PermanentFailure';
        const text =
          result?.resultString ?? (result ? '' : 'the function returned no result for this task');
        if (code === 'Succeeded') return { message: text };
        throw new TaskFailure(text || `${code} from ${spec.FunctionArn}`, code, {
          temporary: code === 'TemporaryFailure',
        });
      },
    };
  },
};
