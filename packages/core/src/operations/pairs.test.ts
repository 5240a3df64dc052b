import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandInput,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { unitContext } from '../../test/copy-fixtures.js';
import { ManifestError, OperationSpecError } from '../errors.js';
import type { ManifestEntry } from '../manifest/types.js';
import { createPairsOperation, pairsDefinition } from './pairs.js';
import { effectMessage } from './sync-message.js';
import type { Task } from './types.js';

const OLD = new Date('2026-01-01T00:00:00Z');
const NEW = new Date('2026-02-01T00:00:00Z');
const location = { source: 'pairs.csv', line: 3 };

function prefixRow(source: string, destination: string): ManifestEntry {
  return {
    kind: 'prefix',
    source: { bucket: 'src', prefix: source },
    destination: { bucket: 'dst', prefix: destination },
    location,
  };
}

async function collect(tasks: AsyncIterable<Task>): Promise<Task[]> {
  const out: Task[] = [];
  for await (const task of tasks) out.push(task);
  return out;
}

// The mock serves fixed pages whatever StartAfter says: list one page after another.
const SEQUENTIAL = { listing: { ranges: 1 } };

describe('operation: pairs', () => {
  const context = unitContext();
  const s3 = mockClient(context.s3.source);

  beforeEach(() => {
    s3.reset();
    // Two pages at the source, one at the destination.
    s3.on(ListObjectsV2Command).callsFake((input: ListObjectsV2CommandInput) => {
      if (input.Bucket === 'src' && !input.ContinuationToken) {
        return {
          IsTruncated: true,
          NextContinuationToken: 'page-2',
          Contents: [
            { Key: 'in/a.txt', Size: 1, LastModified: OLD },
            { Key: 'in/b.txt', Size: 2, LastModified: OLD },
          ],
        };
      }
      if (input.Bucket === 'src') {
        return {
          Contents: [
            { Key: 'in/c.txt', Size: 3, LastModified: NEW, ETag: '"c"' },
            { Key: 'in/d.txt', Size: 4, LastModified: OLD },
          ],
        };
      }
      return {
        Contents: [
          { Key: 'out/b.txt', Size: 2, LastModified: NEW },
          { Key: 'out/c.txt', Size: 3, LastModified: OLD },
          { Key: 'out/d.txt', Size: 5, LastModified: NEW },
          { Key: 'out/zz-extra.txt', Size: 1, LastModified: OLD },
        ],
      };
    });
  });

  it('expands a prefix row into copies and deletes, listing only', async () => {
    // Prepare
    const op = createPairsOperation(pairsDefinition.parse({ SyncDelete: true }), SEQUENTIAL);

    // Act
    const tasks = await collect(op.expand!(prefixRow('in/', 'out/'), context));

    // Assess
    expect(
      tasks.map((t) => [t.id, t.action, `${t.object.bucket}/${t.object.key}`, t.destination?.key]),
    ).toEqual([
      ['3:a.txt', 'copy', 'src/in/a.txt', 'out/a.txt'],
      ['3:c.txt', 'copy', 'src/in/c.txt', 'out/c.txt'],
      ['3:d.txt', 'copy', 'src/in/d.txt', 'out/d.txt'],
      ['3:zz-extra.txt', 'delete', 'dst/out/zz-extra.txt', undefined],
    ]);
    // A sync reads sizes and times only: no ETag or storage class is kept from the listing.
    expect(tasks[1]!.facts).toEqual({ size: 3, lastModified: NEW });
    expect(tasks.map((t) => t.reason)).toEqual(['missing', 'newer', 'size', 'extra']);
    expect(tasks.every((t) => t.location === location)).toBe(true);
    const commands = s3.calls().map((c) => c.args[0].constructor.name);
    expect(new Set(commands)).toEqual(new Set(['ListObjectsV2Command']));
    expect(
      s3
        .commandCalls(ListObjectsV2Command)
        .map((c) => c.args[0].input.Prefix)
        .sort(),
    ).toEqual(['in/', 'in/', 'out/']);
  });

  it('deletes nothing without SyncDelete', async () => {
    // Prepare
    const op = createPairsOperation(pairsDefinition.parse({}), SEQUENTIAL);

    // Act
    const tasks = await collect(op.expand!(prefixRow('in/', 'out/'), context));

    // Assess
    expect(tasks.some((t) => t.action === 'delete')).toBe(false);
  });

  it('expands an object row into one copy task with the row number as id', async () => {
    // Prepare
    const op = createPairsOperation(pairsDefinition.parse({}));
    const entry: ManifestEntry = {
      kind: 'object',
      object: { bucket: 'src', key: 'one.txt' },
      destination: { bucket: 'dst', key: 'renamed.txt' },
      location: { source: 'pairs.csv', line: 7 },
    };

    // Act
    const tasks = await collect(op.expand!(entry, context));

    // Assess
    expect(tasks).toEqual([
      {
        id: '7',
        object: entry.object,
        destination: { bucket: 'dst', key: 'renamed.txt' },
        action: 'copy',
        location: entry.location,
      },
    ]);
    expect(s3.calls()).toHaveLength(0);
  });

  it.each([
    ['equal prefixes', 'a/', 'a/'],
    ['destination inside source', 'a/', 'a/backup/'],
    ['source inside destination', 'a/x/', 'a/'],
    ['whole bucket', '', 'copy/'],
  ])('refuses overlapping prefixes in one bucket (%s)', async (_name, source, destination) => {
    // Prepare
    const op = createPairsOperation(pairsDefinition.parse({ SyncDelete: true }));
    const entry: ManifestEntry = {
      kind: 'prefix',
      source: { bucket: 'same', prefix: source },
      destination: { bucket: 'same', prefix: destination },
      location,
    };

    // Act / Assess
    await expect(collect(op.expand!(entry, context))).rejects.toBeInstanceOf(ManifestError);
    expect(s3.calls()).toHaveLength(0);
  });

  it('runs copy tasks as copies and delete tasks through DeleteObjects', async () => {
    // Prepare
    s3.on(CopyObjectCommand).resolves({ CopyObjectResult: { ETag: '"e"' } });
    s3.on(DeleteObjectsCommand).resolves({ Deleted: [{ Key: 'out/x' }] });
    const op = createPairsOperation(pairsDefinition.parse({ StorageClass: 'STANDARD_IA' }));
    const copy: Task = {
      id: '1:x',
      object: { bucket: 'src', key: 'in/x' },
      destination: { bucket: 'dst', key: 'out/x' },
      action: 'copy',
      facts: { size: 1 },
      location,
    };
    const del: Task = {
      reason: 'extra',
      id: '1:y',
      object: { bucket: 'dst', key: 'out/x' },
      action: 'delete',
      location,
    };

    // Act
    const [copied, deleted] = await Promise.all([op.run(copy, context), op.run(del, context)]);

    // Assess
    expect(s3.commandCalls(CopyObjectCommand)[0]!.args[0].input).toMatchObject({
      Bucket: 'dst',
      Key: 'out/x',
      CopySource: 'src/in/x',
      StorageClass: 'STANDARD_IA',
    });
    expect(copied.effect).toMatchObject({
      action: 'copy',
      target: { bucket: 'dst', key: 'out/x' },
    });
    expect(deleted.effect).toEqual({
      action: 'delete',
      target: { bucket: 'dst', key: 'out/x' },
      reason: 'extra',
    });
    expect(effectMessage(deleted.effect!)).toBe('deleted s3://dst/out/x; missing at source');
  });

  it('refuses unknown fields, naming the allowed ones', () => {
    expect(() =>
      pairsDefinition.parse({ SyncDelete: true, TargetResource: 'arn:aws:s3:::b' }),
    ).toThrow(OperationSpecError);
    expect(() => pairsDefinition.parse({ SyncDelete: 'yes' })).toThrow(
      /S3BulkPairs.SyncDelete must be boolean/,
    );
    expect(() => pairsDefinition.parse({ Sync: true })).toThrow(
      /allowed: SyncDelete, Compare, StorageClass/,
    );
  });
});
