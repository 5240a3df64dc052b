import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { useEmulator } from '@s3bulk/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ManifestEntry } from '../../src/manifest/types.js';
import { createPairsOperation, pairsDefinition } from '../../src/operations/pairs.js';
import type { OperationContext, Task } from '../../src/operations/types.js';
import { createS3Side } from '../../src/s3/client.js';
import { emulatorContext } from '../copy-fixtures.js';

const emulator = useEmulator();
const run = promisify(execFile);

/** How a key of a tree stands between the two sides. */
const STATES = ['sourceOnly', 'destinationOnly', 'same', 'resized', 'newer', 'older'] as const;
type State = (typeof STATES)[number];

// Segments with shared stems, spaces, and characters whose UTF-8 order differs from UTF-16's.
const segment = fc
  .array(fc.constantFrom('a', 'b', 'z', '0', '-', ' ', 'é', '\u{FF5E}', '\u{1F600}'), {
    minLength: 1,
    maxLength: 3,
  })
  .map((chars) => chars.join(''));
const tree = fc.dictionary(
  fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/')),
  fc.constantFrom(...STATES),
  { minKeys: 1, maxKeys: 40 },
);

/** S3 listings carry LastModified to the second: let the clock move past it. */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1100));

type Plan = { copies: string[]; deletes: string[] };

function planOf(tasks: readonly Task[], prefix: string): Plan {
  const keys = (action: string) =>
    tasks.filter((t) => t.action === action).map((t) => t.object.key.slice(prefix.length));
  return { copies: keys('copy').sort(), deletes: keys('delete').sort() };
}

/** What `aws s3 sync --dryrun --delete` (AWS CLI v1) would do, from its output lines. */
async function awsPlan(src: string, dst: string, prefix: string): Promise<Plan> {
  const { stdout } = await run(
    'aws',
    ['s3', 'sync', `s3://${src}/${prefix}`, `s3://${dst}/${prefix}`, '--dryrun', '--delete'],
    {
      env: { ...emulator.processEnv({ PYTHONIOENCODING: 'utf-8', AWS_CONFIG_FILE: '/dev/null' }) },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const copies: string[] = [];
  const deletes: string[] = [];
  const from = `s3://${src}/${prefix}`;
  for (const line of stdout.split('\n')) {
    if (line.startsWith(`(dryrun) copy: ${from}`))
      copies.push(line.slice(`(dryrun) copy: ${from}`.length).split(` to s3://${dst}/`)[0]!);
    if (line.startsWith(`(dryrun) delete: s3://${dst}/${prefix}`))
      deletes.push(line.slice(`(dryrun) delete: s3://${dst}/${prefix}`.length));
  }
  return { copies: copies.sort(), deletes: deletes.sort() };
}

async function expandAll(
  listing: { ranges: number; pageSize: number; probes?: number },
  entry: ManifestEntry,
  context: OperationContext,
): Promise<Task[]> {
  const op = createPairsOperation(pairsDefinition.parse({ SyncDelete: true }), { listing });
  const tasks: Task[] = [];
  for await (const task of op.expand!(entry, context)) tasks.push(task);
  return tasks;
}

describe('operation: pairs sync, differential (parallel vs sequential vs aws s3 sync)', () => {
  it('plans the same copies and deletes on random trees', async () => {
    // Prepare: every tree under its own prefix, written in three rounds a second apart, so
    // "older" and "same" sources predate their destination and "newer" ones follow it.
    const trees = fc.sample(tree, { numRuns: 6, seed: 20261207 });
    const [src, dst] = await Promise.all([
      emulator.createBucket('diff-src'),
      emulator.createBucket('diff-dst'),
    ]);
    const round = async (bucket: string, states: readonly State[], body: (s: State) => string) => {
      const objects: Record<string, string> = {};
      trees.forEach((t, i) => {
        for (const [key, state] of Object.entries(t))
          if (states.includes(state)) objects[`t${i}/${key}`] = body(state);
      });
      await emulator.putObjects(bucket, objects);
    };
    await round(src, ['same', 'older', 'resized'], (s) =>
      s === 'resized' ? 'longer body' : 'body',
    );
    await nextSecond();
    await round(dst, ['destinationOnly', 'same', 'resized', 'newer', 'older'], (s) =>
      s === 'older' ? 'b0dy' : 'body',
    );
    await nextSecond();
    await round(src, ['sourceOnly', 'newer'], () => 'new!');
    const side = createS3Side(emulator.clientOptions());
    const context: OperationContext = {
      ...emulatorContext(emulator),
      s3: {
        source: emulator.s3,
        destination: emulator.s3,
        sourceCopier: side.copier,
        copier: side.copier,
      },
    };

    try {
      for (const [i, t] of trees.entries()) {
        const prefix = `t${i}/`;
        const entry: ManifestEntry = {
          kind: 'prefix',
          source: { bucket: src, prefix },
          destination: { bucket: dst, prefix },
          location: { source: 'pairs.csv', line: i + 1 },
        };

        // Act
        const sequential = await expandAll({ ranges: 1, pageSize: 1000 }, entry, context);
        const parallel = await expandAll({ ranges: 4, pageSize: 3, probes: 3 }, entry, context);
        const aws = await awsPlan(src, dst, prefix);

        // Assess
        expect(parallel.map((task) => task.id)).toEqual(sequential.map((task) => task.id));
        expect(planOf(parallel, prefix)).toEqual(aws);
        const states = Object.values(t);
        expect(aws.copies).toHaveLength(
          states.filter((s) => ['sourceOnly', 'resized', 'newer'].includes(s)).length,
        );
      }
    } finally {
      side.destroy();
    }
  }, 120_000);
});
