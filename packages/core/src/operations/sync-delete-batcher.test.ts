import { DeleteObjectsCommand, type DeleteObjectsCommandInput } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { offlineClient } from '../../test/copy-fixtures.js';
import { TaskFailure } from '../errors.js';
import { DeleteBatcher } from './sync-delete-batcher.js';

describe('operations: DeleteObjects batcher', () => {
  const client = offlineClient();
  const s3 = mockClient(client);

  beforeEach(() => {
    s3.reset();
    // Answer like S3 with Quiet off: every key in Deleted.
    s3.on(DeleteObjectsCommand).callsFake((input: DeleteObjectsCommandInput) => ({
      Deleted: (input.Delete?.Objects ?? []).map((o) => ({ Key: o.Key })),
    }));
  });

  it('sends concurrent deletes as batches of at most the batch size, Quiet off', async () => {
    // Prepare
    const batcher = new DeleteBatcher({ maxBatchSize: 4 });
    const keys = Array.from({ length: 10 }, (_, i) => `k${i}`);

    // Act
    await Promise.all(keys.map((key) => batcher.delete(client, { bucket: 'b', key })));

    // Assess
    const batches = s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input);
    expect(batches.map((b) => b.Delete?.Objects?.length)).toEqual([4, 4, 2]);
    expect(batches.every((b) => b.Delete?.Quiet === false && b.Bucket === 'b')).toBe(true);
    expect(batches.flatMap((b) => b.Delete?.Objects?.map((o) => o.Key))).toEqual(keys);
  });

  it('caps batches at 1,000 keys, S3 own limit', async () => {
    // Prepare
    const batcher = new DeleteBatcher({ maxBatchSize: 5000 });

    // Act
    await Promise.all(
      Array.from({ length: 2500 }, (_, i) => batcher.delete(client, { bucket: 'b', key: `k${i}` })),
    );

    // Assess
    const sizes = s3
      .commandCalls(DeleteObjectsCommand)
      .map((c) => c.args[0].input.Delete?.Objects?.length);
    expect(sizes).toEqual([1000, 1000, 500]);
  });

  it('keeps buckets apart and passes the bucket owner and requester pays', async () => {
    // Prepare
    const batcher = new DeleteBatcher();
    const request = { expectedBucketOwner: '111122223333', requesterPays: true };

    // Act
    await Promise.all([
      batcher.delete(client, { bucket: 'one', key: 'a' }, request),
      batcher.delete(client, { bucket: 'two', key: 'b' }, request),
      batcher.delete(client, { bucket: 'one', key: 'c' }, request),
    ]);

    // Assess
    const inputs = s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => [i.Bucket, i.Delete?.Objects?.map((o) => o.Key)])).toEqual([
      ['one', ['a', 'c']],
      ['two', ['b']],
    ]);
    expect(inputs[0]).toMatchObject({
      ExpectedBucketOwner: '111122223333',
      RequestPayer: 'requester',
    });
  });

  it('does not mix deletes with different request options in one request', async () => {
    // Prepare
    const batcher = new DeleteBatcher();

    // Act
    await Promise.all([
      batcher.delete(client, { bucket: 'b', key: 'plain' }),
      batcher.delete(client, { bucket: 'b', key: 'bypass' }, { bypassGovernanceRetention: true }),
    ]);

    // Assess
    const inputs = s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => [i.Delete?.Objects?.[0]?.Key, i.BypassGovernanceRetention])).toEqual([
      ['plain', undefined],
      ['bypass', true],
    ]);
  });

  it('fails only the keys S3 reports as errors, each with its own code', async () => {
    // Prepare
    s3.on(DeleteObjectsCommand).resolves({
      Deleted: [{ Key: 'ok' }],
      Errors: [
        { Key: 'denied', Code: 'AccessDenied', Message: 'Access Denied' },
        { Key: 'busy', Code: 'InternalError', Message: 'try again' },
      ],
    });
    const batcher = new DeleteBatcher();

    // Act
    const results = await Promise.allSettled(
      ['ok', 'denied', 'busy', 'unreported'].map((key) =>
        batcher.delete(client, { bucket: 'b', key }),
      ),
    );

    // Assess
    expect(results[0]).toEqual({ status: 'fulfilled', value: undefined });
    const reasons = results.slice(1).map((r) => (r.status === 'rejected' ? r.reason : undefined));
    expect(reasons.every((r) => r instanceof TaskFailure)).toBe(true);
    expect(reasons.map((r: TaskFailure) => [r.code, r.temporary])).toEqual([
      ['AccessDenied', false],
      ['InternalError', true],
      ['MissingDeleteResult', true],
    ]);
  });

  it('fails every task of a batch whose request failed, with the SDK error', async () => {
    // Prepare
    const slowDown = Object.assign(new Error('Please reduce your request rate.'), {
      name: 'SlowDown',
    });
    s3.on(DeleteObjectsCommand).rejects(slowDown);
    const batcher = new DeleteBatcher();

    // Act
    const results = await Promise.allSettled(
      ['a', 'b'].map((key) => batcher.delete(client, { bucket: 'b', key })),
    );

    // Assess
    expect(results.map((r) => r.status === 'rejected' && (r.reason as Error).name)).toEqual([
      'SlowDown',
      'SlowDown',
    ]);
  });
});
