import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { AWKWARD_KEYS, deterministicBytes, useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import type { ManifestEntry } from '../../src/manifest/types.js';
import { createPairsOperation, pairsDefinition } from '../../src/operations/pairs.js';
import { effectMessage } from '../../src/operations/sync-message.js';
import type { Operation, OperationContext, Task } from '../../src/operations/types.js';
import { createS3Client, createS3Side } from '../../src/s3/client.js';
import { listPrefix } from '../../src/operations/sync-listing.js';
import { countCommands, emulatorContext } from '../copy-fixtures.js';

const emulator = useEmulator();
const MiB = 1024 * 1024;

function prefixRow(
  src: string,
  srcPrefix: string,
  dst: string,
  dstPrefix: string,
  line = 2,
): ManifestEntry {
  return {
    kind: 'prefix',
    source: { bucket: src, prefix: srcPrefix },
    destination: { bucket: dst, prefix: dstPrefix },
    location: { source: 'pairs.csv', line },
  };
}

/** What the engine does, minus retries: expand every entry, run every task at once. */
async function runPairs(op: Operation, entries: ManifestEntry[], context: OperationContext) {
  const tasks: Task[] = [];
  for (const entry of entries)
    for await (const task of op.expand!(entry, context)) tasks.push(task);
  const outcomes = await Promise.allSettled(tasks.map((t) => op.run(t, context)));
  const failed = outcomes.flatMap((o, i) =>
    o.status === 'rejected' ? [[tasks[i]!.id, o.reason]] : [],
  );
  // The message as the engine words it from the outcome's effect.
  const succeeded = outcomes.flatMap((o) =>
    o.status === 'fulfilled'
      ? [{ ...o.value, message: o.value.message ?? effectMessage(o.value.effect!) }]
      : [],
  );
  return { tasks, failed, succeeded };
}

/** S3 listings carry LastModified to the second: let the clock move past it. */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1100));

describe('operation: pairs sync against the emulator', () => {
  it('copies missing, resized and newer objects, skips unchanged ones, deletes extras', async () => {
    // Prepare
    const [src, dst] = await Promise.all([
      emulator.createBucket('sy-src'),
      emulator.createBucket('sy-dst'),
    ]);
    await emulator.putObjects(src, { 'in/same.txt': 'same', 'in/older-at-source.txt': 'src side' });
    await nextSecond();
    await emulator.putObjects(dst, {
      'out/same.txt': 'same',
      'out/resized.txt': 'short',
      'out/newer.txt': 'old!',
      'out/older-at-source.txt': 'dst side',
      'out/extra-1.txt': 'x',
      'out/deep/extra-2.txt': 'x',
    });
    await nextSecond();
    await emulator.putObjects(src, {
      'in/new.txt': 'brand new',
      'in/deep/new.txt': 'nested',
      'in/resized.txt': 'much longer now',
      'in/newer.txt': 'new!',
      'not-in/ignored.txt': 'outside the prefix',
    });
    const op = pairsDefinition.create(pairsDefinition.parse({ SyncDelete: true }));

    // Act
    const { tasks, failed, succeeded } = await runPairs(
      op,
      [prefixRow(src, 'in/', dst, 'out/')],
      emulatorContext(emulator),
    );

    // Assess
    expect(failed).toEqual([]);
    expect(tasks.map((t) => `${t.action} ${t.id}`).sort()).toEqual(
      [
        'copy 2:deep/new.txt',
        'copy 2:new.txt',
        'copy 2:newer.txt',
        'copy 2:resized.txt',
        'delete 2:deep/extra-2.txt',
        'delete 2:extra-1.txt',
      ].sort(),
    );
    expect(await emulator.listKeys(dst)).toEqual([
      'out/deep/new.txt',
      'out/new.txt',
      'out/newer.txt',
      'out/older-at-source.txt',
      'out/resized.txt',
      'out/same.txt',
    ]);
    expect(await emulator.getText(dst, 'out/resized.txt')).toBe('much longer now');
    expect(await emulator.getText(dst, 'out/newer.txt')).toBe('new!');
    expect(await emulator.getText(dst, 'out/older-at-source.txt')).toBe('dst side');
    const reasons = succeeded.map((o) => o.message.split('; ')[1]).sort();
    expect(reasons).toEqual([
      'missing at destination',
      'missing at destination',
      'missing at source',
      'missing at source',
      'newer at source',
      'size differs',
    ]);
  });

  it('finds nothing to do on a second run', async () => {
    // Prepare
    const [src, dst] = await Promise.all([
      emulator.createBucket('s2-src'),
      emulator.createBucket('s2-dst'),
    ]);
    await emulator.putObjects(src, { 'a.txt': 'a', 'b/c.txt': 'c' });
    const op = pairsDefinition.create(pairsDefinition.parse({ SyncDelete: true }));
    const entry = prefixRow(src, '', dst, 'mirror/');
    await runPairs(op, [entry], emulatorContext(emulator));

    // Act
    const again = await runPairs(op, [entry], emulatorContext(emulator));

    // Assess
    expect(again.tasks).toEqual([]);
    expect(await emulator.listKeys(dst)).toEqual(['mirror/a.txt', 'mirror/b/c.txt']);
  });

  it('deletes extras in DeleteObjects batches, one result per key', async () => {
    // Prepare
    const [src, dst] = await Promise.all([
      emulator.createBucket('sd-src'),
      emulator.createBucket('sd-dst'),
    ]);
    const extras = Array.from({ length: 7 }, (_, i) => `gone/${i}.txt`);
    await emulator.putObjects(
      dst,
      Object.fromEntries([...extras, 'keep.txt'].map((k) => [k, 'x'])),
    );
    await emulator.putObjects(src, { 'keep.txt': 'x' });
    const destination = createS3Client(emulator.clientOptions());
    const counts = countCommands(destination);
    const context = { ...emulatorContext(emulator), s3: { source: emulator.s3, destination } };
    const op = createPairsOperation(pairsDefinition.parse({ SyncDelete: true }), {
      maxBatchSize: 3,
    });

    // Act
    const { tasks, failed, succeeded } = await runPairs(op, [prefixRow(src, '', dst, '')], context);

    // Assess
    expect(failed).toEqual([]);
    expect(tasks.filter((t) => t.action === 'delete').map((t) => t.object.key)).toEqual(extras);
    expect(succeeded.filter((o) => o.message.startsWith('deleted s3://'))).toHaveLength(7);
    expect(counts.get('DeleteObjectsCommand')).toBe(3);
    expect(counts.get('DeleteObjectCommand')).toBeUndefined();
    expect(await emulator.listKeys(dst)).toEqual(['keep.txt']);
  });

  it('deletes more than 1,000 extras in batches of at most 1,000', async () => {
    // Prepare: 1,005 keys, put 50 at a time (this test needs a longer timeout on a busy machine).
    const [src, dst] = await Promise.all([
      emulator.createBucket('sk-src'),
      emulator.createBucket('sk-dst'),
    ]);
    const keys = Array.from({ length: 1005 }, (_, i) => `many/${String(i).padStart(4, '0')}`);
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(
        keys
          .slice(i, i + 50)
          .map((Key) => emulator.s3.send(new PutObjectCommand({ Bucket: dst, Key, Body: '' }))),
      );
    }
    const destination = createS3Client(emulator.clientOptions());
    const counts = countCommands(destination);
    const context = { ...emulatorContext(emulator), s3: { source: emulator.s3, destination } };
    const op = pairsDefinition.create(pairsDefinition.parse({ SyncDelete: true }));

    // Act
    const { failed, succeeded } = await runPairs(
      op,
      [prefixRow(src, 'many/', dst, 'many/')],
      context,
    );

    // Assess
    expect(failed).toEqual([]);
    expect(succeeded).toHaveLength(1005);
    expect(counts.get('DeleteObjectsCommand')).toBe(2);
    expect(await emulator.listKeys(dst)).toEqual([]);
  }, 180_000);

  it('syncs awkward keys both ways: copies them, then deletes them', async () => {
    // Prepare
    const [src, dst] = await Promise.all([
      emulator.createBucket('sa-src'),
      emulator.createBucket('sa-dst'),
    ]);
    await emulator.putObjects(src, Object.fromEntries(AWKWARD_KEYS.map((k) => [k, `v ${k}`])));
    const op = pairsDefinition.create(pairsDefinition.parse({ SyncDelete: true }));
    const context = emulatorContext(emulator);

    // Act: sync into the empty bucket
    const copied = await runPairs(op, [prefixRow(src, '', dst, '')], context);

    // Assess
    expect(copied.failed).toEqual([]);
    expect(copied.tasks.map((t) => t.id.slice(2)).sort()).toEqual([...AWKWARD_KEYS].sort());
    for (const key of AWKWARD_KEYS) expect(await emulator.getText(dst, key)).toBe(`v ${key}`);

    // Act: sync an empty prefix over it with SyncDelete
    const empty = await emulator.createBucket('sa-empty');
    const deleted = await runPairs(op, [prefixRow(empty, '', dst, '')], context);

    // Assess
    expect(deleted.failed).toEqual([]);
    expect(deleted.tasks).toHaveLength(AWKWARD_KEYS.length);
    expect(await emulator.listKeys(dst)).toEqual([]);
  });

  it('lists the same objects through the lean path as through the SDK, over pages and awkward keys', async () => {
    // Prepare
    const bucket = await emulator.createBucket('lean-list');
    const many = Array.from({ length: 1_010 }, (_, i) => `p/n${String(i).padStart(5, '0')}`);
    await emulator.putObjects(bucket, {
      ...Object.fromEntries(AWKWARD_KEYS.map((k) => [`p/${k}`, `v ${k}`])),
      ...Object.fromEntries(many.map((k) => [k, 'x'])),
    });
    const side = createS3Side(emulator.clientOptions());
    const where = { bucket, prefix: 'p/' };
    const collect = async (listing: AsyncIterable<unknown>) => {
      const out: unknown[] = [];
      for await (const item of listing) out.push(item);
      return out;
    };

    try {
      // Act
      const viaSdk = await collect(listPrefix(emulator.s3, where));
      const viaLean = await collect(listPrefix(emulator.s3, where, {}, side.copier));
      const afterSdk = await collect(listPrefix(emulator.s3, where, { startAfter: 'n00500' }));
      const afterLean = await collect(
        listPrefix(emulator.s3, where, { startAfter: 'n00500' }, side.copier),
      );

      // Assess
      expect(viaSdk).toHaveLength(AWKWARD_KEYS.length + many.length);
      expect(viaLean).toEqual(viaSdk);
      expect(afterLean).toEqual(afterSdk);
    } finally {
      side.destroy();
    }
    // Over 1,000 keys to put: a longer timeout on a busy machine, like the batched-delete test.
  }, 180_000);

  it('syncs across endpoints by streaming, each side listed with its own client', async () => {
    // Prepare
    const [src, dst] = await Promise.all([
      emulator.createBucket('sx-src'),
      emulator.createBucket('sx-dst'),
    ]);
    await emulator.putObjects(src, {
      'x/a.txt': { Body: 'alpha', ContentType: 'text/plain', Tagging: 'k=v' },
      'x/b.txt': 'bravo',
    });
    await emulator.putObjects(dst, { 'y/stale.txt': 'old' });
    const context = emulatorContext(emulator, { crossEndpoint: true });
    const destinationCalls = countCommands(context.s3.destination);
    const op = pairsDefinition.create(pairsDefinition.parse({ SyncDelete: true }));

    // Act
    const { failed, succeeded } = await runPairs(op, [prefixRow(src, 'x/', dst, 'y/')], context);

    // Assess
    expect(failed).toEqual([]);
    expect(succeeded.map((o) => o.message.split(' ')[0]).sort()).toEqual([
      'deleted',
      'streamed',
      'streamed',
    ]);
    expect(succeeded.reduce((n, o) => n + (o.clientBytes ?? 0), 0)).toBe(10);
    expect(destinationCalls.get('ListObjectsV2Command')).toBe(1);
    expect(destinationCalls.get('PutObjectCommand')).toBe(2);
    expect(destinationCalls.get('CopyObjectCommand')).toBeUndefined();
    expect(await emulator.listKeys(dst)).toEqual(['y/a.txt', 'y/b.txt']);
    const head = await emulator.s3.send(new HeadObjectCommand({ Bucket: dst, Key: 'y/a.txt' }));
    expect(head.ContentType).toBe('text/plain');
  });

  it('copies object rows, and large objects in parts, through the same operation', async () => {
    // Prepare
    const [src, dst] = await Promise.all([
      emulator.createBucket('so-src'),
      emulator.createBucket('so-dst'),
    ]);
    const big = deterministicBytes(11 * MiB, 5);
    await emulator.putObjects(src, {
      'big.bin': { Body: big, ContentType: 'application/octet-stream', Tagging: 'size=big' },
      'sub/small.txt': 'small',
    });
    const op = pairsDefinition.create(pairsDefinition.parse({}));
    const rows: ManifestEntry[] = [
      {
        kind: 'object',
        object: { bucket: src, key: 'big.bin' },
        destination: { bucket: dst, key: 'copies/big.bin' },
        location: { source: 'pairs.csv', line: 1 },
      },
      {
        kind: 'object',
        object: { bucket: src, key: 'sub/small.txt' },
        destination: { bucket: dst, key: 'flat/' },
        location: { source: 'pairs.csv', line: 2 },
      },
    ];

    // Act
    const { failed, succeeded } = await runPairs(
      op,
      rows,
      emulatorContext(emulator, { settings: { multipartThreshold: 5 * MiB, partSize: 5 * MiB } }),
    );

    // Assess
    expect(failed).toEqual([]);
    expect(succeeded.map((o) => o.message.split(' ')[0])).toEqual(['multipart', 'copied']);
    expect(await emulator.listKeys(dst)).toEqual(['copies/big.bin', 'flat/small.txt']);
    const head = await emulator.s3.send(
      new HeadObjectCommand({ Bucket: dst, Key: 'copies/big.bin' }),
    );
    expect(head.ContentLength).toBe(big.length);
  });
});
