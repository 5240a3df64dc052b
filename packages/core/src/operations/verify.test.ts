import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_OPERATION_SETTINGS } from '../config/defaults.js';
import { TaskFailure } from '../errors.js';
import { verifyDefinition } from './verify.js';
import type { OperationContext, Task } from './types.js';

const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'us-east-1' });
const context: OperationContext = {
  s3: { source: s3, destination: s3 },
  crossEndpoint: false,
  signal: new AbortController().signal,
  jobId: 'job',
  settings: DEFAULT_OPERATION_SETTINGS,
};
const task: Task = {
  id: '1',
  object: { bucket: 'src', key: 'a.txt' },
  destination: { bucket: 'dst', key: 'copy/a.txt' },
  location: { source: 'pairs.csv', line: 2 },
};
const verify = verifyDefinition.create(verifyDefinition.parse({ ChecksumAlgorithm: 'SHA256' }));

function body(text: string) {
  return Readable.from([Buffer.from(text)]) as unknown as GetObjectCommandOutput['Body'];
}

afterEach(() => s3Mock.reset());

describe('operation: S3BulkVerify', () => {
  it('compares stored checksums of one algorithm without reading either object', async () => {
    // Prepare
    s3Mock
      .on(HeadObjectCommand, { Bucket: 'src' })
      .resolves({ ContentLength: 5, ChecksumCRC32: 'AAAAAA==', ChecksumCRC32C: 'BBBBBB==' })
      .on(HeadObjectCommand, { Bucket: 'dst' })
      .resolves({ ContentLength: 5, ChecksumCRC32C: 'BBBBBB==' });

    // Act
    const outcome = await verify.run(task, context);

    // Assess
    expect(outcome.message).toBe(
      'matches s3://dst/copy/a.txt: CRC32C stored checksums match (BBBBBB== vs BBBBBB==), 5 bytes',
    );
    expect(outcome.clientBytes).toBe(0);
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(0);
  });

  it('computes the checksum of both sides when they stored none in common', async () => {
    // Prepare: same size, one byte differs.
    s3Mock
      .on(HeadObjectCommand, { Bucket: 'src' })
      .resolves({ ContentLength: 5, ChecksumCRC32: 'AAAAAA==' })
      .on(HeadObjectCommand, { Bucket: 'dst' })
      .resolves({ ContentLength: 5 })
      .on(GetObjectCommand, { Bucket: 'src' })
      .callsFake(() => ({ Body: body('hello') }))
      .on(GetObjectCommand, { Bucket: 'dst' })
      .callsFake(() => ({ Body: body('hellO') }));

    // Act
    const failure = await verify.run(task, context).catch((e: unknown) => e);

    // Assess
    expect(failure).toBeInstanceOf(TaskFailure);
    expect(failure).toMatchObject({ code: 'ChecksumMismatch', temporary: false });
    expect((failure as Error).message).toMatch(
      /^s3:\/\/dst\/copy\/a\.txt: SHA256 computed checksums differ/,
    );
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(2);
  });

  it.each([
    [
      'a missing copy',
      { $metadata: { httpStatusCode: 404 }, name: 'NotFound' },
      'DestinationMissing',
    ],
    ['another size', { ContentLength: 6 }, 'SizeMismatch'],
  ])('fails %s with its own code', async (_name, destination, code) => {
    // Prepare
    s3Mock.on(HeadObjectCommand, { Bucket: 'src' }).resolves({ ContentLength: 5 });
    const dst = s3Mock.on(HeadObjectCommand, { Bucket: 'dst' });
    if ('name' in destination) dst.rejects(Object.assign(new Error('Not Found'), destination));
    else dst.resolves(destination);

    // Act
    const failure = await verify.run(task, context).catch((e: unknown) => e);

    // Assess
    expect(failure).toMatchObject({ code });
  });

  it('uses TargetResource and TargetKeyPrefix for rows without a destination', async () => {
    // Prepare
    const op = verifyDefinition.create(
      verifyDefinition.parse({ TargetResource: 'arn:aws:s3:::backup', TargetKeyPrefix: '2026' }),
    );
    s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 1, ChecksumSHA256: 'x' });

    // Act
    const outcome = await op.run({ ...task, destination: undefined }, context);

    // Assess
    expect(outcome.message).toMatch(/^matches s3:\/\/backup\/2026\/a\.txt: SHA256 stored/);
  });
});
