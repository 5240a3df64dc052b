import {
  GetObjectTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  createS3Client,
  encodeBatchKey,
  type EngineSettings,
  type OperationClients,
  type S3BatchEvent,
} from '@s3bulk/core';
import { AWKWARD_KEYS, useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { createHandler } from '../../src/index.js';

const emulator = useEmulator();
const logger = new Logger({ logLevel: 'SILENT' });

interface HandlerOptions {
  readonly operation?: string;
  readonly clients?: OperationClients;
  readonly engine?: Partial<EngineSettings>;
}

function handlerWith(options: HandlerOptions = {}) {
  return createHandler({
    clients: options.clients ?? {
      source: emulator.s3,
      destination: emulator.s3,
      crossEndpoint: false,
    },
    spec: {
      aws: {},
      engine: options.engine ?? {},
      operationSettings: {},
      ...(options.operation ? { operation: options.operation } : {}),
    },
    logger,
  });
}

function v1Event(bucket: string, key: string, versionId: string | null = null): S3BatchEvent {
  return {
    invocationSchemaVersion: '1.0',
    invocationId: 'inv-1',
    job: { id: 'job-1' },
    tasks: [
      {
        taskId: 'task-1',
        s3Key: encodeBatchKey(key),
        s3VersionId: versionId,
        s3BucketArn: `arn:aws:s3:::${bucket}`,
      },
    ],
  };
}

function v2Event(
  bucket: string,
  key: string,
  userArguments?: Record<string, string>,
): S3BatchEvent {
  return {
    invocationSchemaVersion: '2.0',
    invocationId: 'inv-2',
    job: { id: 'job-2', ...(userArguments ? { userArguments } : {}) },
    tasks: [{ taskId: 'task-2', s3Bucket: bucket, s3Key: encodeBatchKey(key), s3VersionId: null }],
  };
}

const TAG_OPERATION = JSON.stringify({
  S3PutObjectTagging: { TagSet: [{ Key: 'seen', Value: 'yes' }] },
});

describe('batch-lambda: handler', () => {
  it.each(AWKWARD_KEYS.slice(0, 7))(
    'schema 1.0: decodes the key %j and runs the environment operation',
    async (key) => {
      // Prepare
      const bucket = await emulator.createBucket('bl1');
      await emulator.putObjects(bucket, { [key]: 'x' });
      const handler = handlerWith({ operation: TAG_OPERATION });

      // Act
      const response = await handler(v1Event(bucket, key));

      // Assess
      const tags = await emulator.s3.send(
        new GetObjectTaggingCommand({ Bucket: bucket, Key: key }),
      );
      expect(tags.TagSet).toEqual([{ Key: 'seen', Value: 'yes' }]);
      expect(response).toEqual({
        invocationSchemaVersion: '1.0',
        treatMissingKeysAs: 'PermanentFailure',
        invocationId: 'inv-1',
        results: [
          {
            taskId: 'task-1',
            resultCode: 'Succeeded',
            resultString: expect.stringContaining('replaced tags'),
          },
        ],
      });
    },
  );

  it('schema 2.0: UserArguments.operation wins over the environment', async () => {
    // Prepare
    const source = await emulator.createBucket('bl2');
    const target = await emulator.createBucket('bl2t');
    await emulator.putObjects(source, { 'in/a.txt': 'payload' });
    const handler = handlerWith({ operation: TAG_OPERATION });
    const operation = JSON.stringify({
      S3PutObjectCopy: { TargetResource: `arn:aws:s3:::${target}` },
    });

    // Act
    const response = await handler(v2Event(source, 'in/a.txt', { operation }));

    // Assess
    expect(response.invocationSchemaVersion).toBe('2.0');
    expect(response.results[0]).toMatchObject({ taskId: 'task-2', resultCode: 'Succeeded' });
    expect(await emulator.getText(target, 'in/a.txt')).toBe('payload');
  });

  it('a pairs row in the key field copies to its destination', async () => {
    // Prepare
    const source = await emulator.createBucket('blp');
    const target = await emulator.createBucket('blpt');
    await emulator.putObjects(source, { 'a b/src.txt': 'pair' });
    const handler = handlerWith();

    // Act
    const response = await handler(v2Event(source, `a b/src.txt,s3://${target}/copied/dst+1.txt`));

    // Assess
    expect(response.results[0]?.resultCode).toBe('Succeeded');
    expect(await emulator.getText(target, 'copied/dst+1.txt')).toBe('pair');
  });

  it('schema 1.0: acts on the s3VersionId the task names', async () => {
    // Prepare
    const bucket = await emulator.createBucket('blv');
    await emulator.s3.send(
      new PutBucketVersioningCommand({
        Bucket: bucket,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    const v1 = await emulator.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: '1' }),
    );
    await emulator.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: '2' }));
    const handler = handlerWith({ operation: TAG_OPERATION });

    // Act
    const response = await handler(v1Event(bucket, 'k', v1.VersionId ?? null));

    // Assess
    const tagsOf = async (versionId?: string) =>
      (
        await emulator.s3.send(
          new GetObjectTaggingCommand({
            Bucket: bucket,
            Key: 'k',
            ...(versionId ? { VersionId: versionId } : {}),
          }),
        )
      ).TagSet;
    expect(response.results[0]?.resultCode).toBe('Succeeded');
    expect(await tagsOf(v1.VersionId)).toEqual([{ Key: 'seen', Value: 'yes' }]);
    expect(await tagsOf()).toEqual([]);
  });

  it('with a configured S3PutObjectCopy, a pairs row copies to its own destination', async () => {
    // Prepare
    const source = await emulator.createBucket('blpc');
    const elsewhere = await emulator.createBucket('blpce');
    const target = await emulator.createBucket('blpct');
    await emulator.putObjects(source, { 'in.txt': 'pair' });
    const handler = handlerWith({
      operation: JSON.stringify({
        S3PutObjectCopy: { TargetResource: `arn:aws:s3:::${elsewhere}` },
      }),
    });

    // Act
    const response = await handler(v1Event(source, `s3://${source}/in.txt,s3://${target}/out.txt`));

    // Assess
    expect(response.results[0]?.resultCode).toBe('Succeeded');
    expect(await emulator.getText(target, 'out.txt')).toBe('pair');
    expect(await emulator.listKeys(elsewhere)).toEqual([]);
  });

  it('a missing object is a PermanentFailure a person can act on', async () => {
    // Prepare
    const bucket = await emulator.createBucket('blm');
    const handler = handlerWith({ operation: TAG_OPERATION });

    // Act
    const response = await handler(v1Event(bucket, 'gone.txt'));

    // Assess
    expect(response.results).toEqual([
      {
        taskId: 'task-1',
        resultCode: 'PermanentFailure',
        resultString: expect.stringMatching(/^NoSuchKey \(HTTP 404\): /),
      },
    ]);
  });

  it('restoring an object that is not archived is a PermanentFailure saying so', async () => {
    // Prepare
    const bucket = await emulator.createBucket('blr');
    await emulator.putObjects(bucket, { hot: 'x' });
    const handler = handlerWith({
      operation: '{"S3InitiateRestoreObject":{"ExpirationInDays":1}}',
    });

    // Act
    const response = await handler(v1Event(bucket, 'hot'));

    // Assess
    expect(response.results[0]).toMatchObject({
      resultCode: 'PermanentFailure',
      resultString: expect.stringContaining('is not in an archive tier'),
    });
  });

  it('an unreachable endpoint is a TemporaryFailure (the service retries)', async () => {
    // Prepare
    const dead = createS3Client({
      ...emulator.clientOptions(),
      endpointUrl: 'http://127.0.0.1:9',
      maxAttempts: 1,
    });
    const handler = handlerWith({
      clients: { source: dead, destination: dead, crossEndpoint: false },
      engine: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      operation: TAG_OPERATION,
    });

    // Act
    const response = await handler(v1Event('any-bucket', 'k'));

    // Assess
    expect(response.results[0]).toMatchObject({
      resultCode: 'TemporaryFailure',
      resultString: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it.each([
    ['no operation anywhere', undefined, /no operation: set UserArguments/],
    [
      'invalid Operation JSON',
      '{"S3PutObjectTagging":{"TagSet":"x"}}',
      /InvalidOperation: S3PutObjectTagging.TagSet/,
    ],
    [
      'an operation the handler cannot run',
      '{"LambdaInvoke":{"FunctionArn":"f"}}',
      /LambdaInvoke cannot run in the batch handler/,
    ],
  ])('%s is a PermanentFailure naming the problem', async (_, defaultOperation, message) => {
    // Prepare
    const bucket = await emulator.createBucket('blo');
    await emulator.putObjects(bucket, { k: 'x' });
    const handler = handlerWith(defaultOperation ? { operation: defaultOperation } : {});

    // Act
    const response = await handler(v1Event(bucket, 'k'));

    // Assess
    expect(response.results[0]?.resultCode).toBe('PermanentFailure');
    expect(response.results[0]?.resultString).toMatch(message);
  });

  it('the composition root builds its clients from the environment', async () => {
    // Prepare
    const bucket = await emulator.createBucket('blenv');
    await emulator.putObjects(bucket, { 'v.txt': 'x' });
    const env = emulator.processEnv({
      S3BULK_OPERATION: TAG_OPERATION,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    const saved = { ...process.env };
    Object.assign(process.env, env, {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      S3BULK_OPERATION: TAG_OPERATION,
    });

    // Act
    let response;
    try {
      const { handler } = await import('../../src/handler.js');
      response = await handler(v2Event(bucket, 'v.txt'), {
        getRemainingTimeInMillis: () => 60_000,
      });
    } finally {
      process.env = saved;
    }

    // Assess
    expect(response.results[0]?.resultCode).toBe('Succeeded');
    const tags = await emulator.s3.send(
      new GetObjectTaggingCommand({ Bucket: bucket, Key: 'v.txt' }),
    );
    expect(tags.TagSet).toEqual([{ Key: 'seen', Value: 'yes' }]);
  });
});
