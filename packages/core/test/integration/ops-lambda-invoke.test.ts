import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { startFakeLambda, taskReply, type FakeLambda, type LambdaReply } from '@s3bulk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobId } from '../../src/engine/job-id.js';
import { LocalJobStore } from '../../src/store/local-job-store.js';
import { runJob } from '../../src/engine/run-job.js';
import type { ObjectEntry } from '../../src/manifest/types.js';
import { decodeBatchKey, type S3BatchEvent } from '../../src/operations/lambda-event.js';
import { parseOperation } from '../../src/operations/registry.js';
import { readCompletionReport } from '../../src/report/read-report.js';
import { createS3Client } from '../../src/s3/client.js';
import { DEFAULT_OPERATION_SETTINGS } from '../../src/config/defaults.js';
import { collect, inBatches, testSettings, testSpec } from './engine-fixtures.js';

// moto's Lambda cannot run code without Docker: a loopback function (the real SDK serialization
// and the X-Amz-Function-Error header) answers by key.
let fake: FakeLambda;
const events: S3BatchEvent[] = [];
const attempts = new Map<string, number>();

function answer(event: S3BatchEvent): LambdaReply {
  events.push(event);
  const key = decodeBatchKey(event.tasks[0]!.s3Key);
  const seen = (attempts.get(key) ?? 0) + 1;
  attempts.set(key, seen);
  if (key === 'boom')
    return {
      functionError: 'Unhandled',
      body: { errorMessage: 'Error: boom', errorType: 'Error' },
    };
  if (key === 'flaky')
    return seen === 1
      ? taskReply(event, 'TemporaryFailure', 'try later')
      : taskReply(event, 'Succeeded', 'ok second time');
  if (key === 'bad') return taskReply(event, 'PermanentFailure', 'unsupported image');
  return taskReply(event, 'Succeeded', `processed ${key}`);
}

beforeAll(async () => {
  fake = await startFakeLambda((event) => answer(event as S3BatchEvent));
});

afterAll(() => fake.stop());

function manifestOf(keys: readonly string[]): () => AsyncIterable<ObjectEntry[]> {
  return inBatches(async function* () {
    for (const [i, key] of keys.entries()) {
      yield {
        kind: 'object',
        object: { bucket: 'photos', key },
        location: { source: 'm.csv', line: i + 1 },
      };
    }
  });
}

describe('operation: LambdaInvoke over the Lambda API (loopback)', () => {
  it('runs through the engine: Succeeded, TemporaryFailure retried, PermanentFailure and function errors reported', async () => {
    // Prepare
    const lambda = new LambdaClient({
      endpoint: fake.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const s3 = createS3Client({
      region: 'us-east-1',
      credentials: { accessKeyId: 't', secretAccessKey: 't' },
    });
    const json = {
      LambdaInvoke: {
        FunctionArn: 'thumbs',
        InvocationSchemaVersion: '2.0',
        UserArguments: { size: '64' },
      },
    };
    const jobId = createJobId();
    const base = await mkdtemp(join(tmpdir(), 's3bulk-lambda-'));

    // Act
    const summary = await runJob({
      spec: {
        ...testSpec(jobId, { location: join(base, 'reports'), scope: 'AllTasks' }),
        operation: json,
      },
      operation: parseOperation(json),
      manifest: manifestOf(['a b.jpg', 'flaky', 'bad', 'boom']),
      context: {
        s3: { source: s3, destination: s3 },
        crossEndpoint: false,
        lambda,
        jobId,
        settings: DEFAULT_OPERATION_SETTINGS,
      },
      store: new LocalJobStore(join(base, 'job')),
      settings: testSettings({ maxAttempts: 3 }),
    });
    const rows = await collect((await readCompletionReport(summary.reportPath ?? '')).rows());
    const byKey = new Map(rows.map((r) => [r.key, r]));

    // Assess
    expect(summary).toMatchObject({ status: 'Complete', succeeded: 2, failed: 2 });
    expect(byKey.get('a b.jpg')).toMatchObject({
      status: 'succeeded',
      message: 'processed a b.jpg',
    });
    expect(byKey.get('flaky')).toMatchObject({ status: 'succeeded', message: 'ok second time' });
    expect(byKey.get('bad')).toMatchObject({
      status: 'failed',
      errorCode: 'PermanentFailure',
      message: 'unsupported image',
    });
    expect(byKey.get('boom')).toMatchObject({ status: 'failed', errorCode: 'LambdaFunctionError' });
    expect(byKey.get('boom')?.message).toContain('Error: boom');
    expect(attempts.get('flaky')).toBe(2);
    expect(attempts.get('bad')).toBe(1);
    expect(events[0]).toMatchObject({
      invocationSchemaVersion: '2.0',
      job: { id: jobId, userArguments: { size: '64' } },
      tasks: [{ s3Bucket: 'photos', s3VersionId: null }],
    });
  });
});
