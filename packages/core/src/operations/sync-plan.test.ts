import { describe, expect, it } from 'vitest';
import { S3BulkError } from '../errors.js';
import { compareKeys } from '../executors/aws-batch/shard/key-space.js';
import { planSync, syncReason, type ListedObject, type SyncStep } from './sync-plan.js';

const T0 = new Date('2026-01-01T00:00:00Z');
const T1 = new Date('2026-01-02T00:00:00Z');

function obj(key: string, size = 1, lastModified = T0): ListedObject {
  return { key, size, lastModified };
}

async function plan(
  source: ListedObject[],
  destination: ListedObject[],
  deleteExtra = false,
): Promise<string[]> {
  const steps: SyncStep[] = [];
  for await (const step of planSync(source, destination, { deleteExtra })) steps.push(step);
  return steps.map((s) => (s.action === 'copy' ? `copy:${s.key}:${s.reason}` : `delete:${s.key}`));
}

/** Keys sorted the way S3 lists them. */
function s3Order(keys: string[]): string[] {
  return [...keys].sort(compareKeys);
}

describe('operations: planSync', () => {
  it.each([
    ['both empty', [], [], true, []],
    ['empty destination', [obj('a'), obj('b')], [], true, ['copy:a:missing', 'copy:b:missing']],
    ['empty source, no delete', [], [obj('a')], false, []],
    ['empty source, delete', [], [obj('a'), obj('b')], true, ['delete:a', 'delete:b']],
    ['identical', [obj('a'), obj('b')], [obj('a'), obj('b')], true, []],
    ['size differs', [obj('a', 2)], [obj('a', 1)], false, ['copy:a:size']],
    ['smaller at source still differs', [obj('a', 1)], [obj('a', 5, T1)], false, ['copy:a:size']],
    ['newer at source', [obj('a', 1, T1)], [obj('a', 1, T0)], false, ['copy:a:newer']],
    ['older at source is kept', [obj('a', 1, T0)], [obj('a', 1, T1)], false, []],
    ['same time and size', [obj('a', 1, T1)], [obj('a', 1, T1)], false, []],
  ])('%s', async (_name, source, destination, deleteExtra, expected) => {
    expect(await plan(source, destination, deleteExtra)).toEqual(expected);
  });

  it('interleaves missing, changed and extra keys in key order', async () => {
    // Prepare
    const source = [obj('a'), obj('c', 3), obj('d'), obj('f', 1, T1), obj('g')];
    const destination = [obj('b'), obj('c', 2), obj('d'), obj('e'), obj('f'), obj('h')];

    // Act
    const steps = await plan(source, destination, true);

    // Assess
    expect(steps).toEqual([
      'copy:a:missing',
      'delete:b',
      'copy:c:size',
      'delete:e',
      'copy:f:newer',
      'copy:g:missing',
      'delete:h',
    ]);
  });

  it('walks keys in UTF-8 byte order, where UTF-16 order would mismatch them', async () => {
    // Prepare: U+FFFD sorts after U+10000 in UTF-16 but before it in UTF-8 (S3's order).
    const keys = s3Order([
      'emoji-😀',
      'fullwidth-～',
      'a',
      'A',
      'é',
      'z',
      '日本',
      '\u{FFFD}',
      '\u{10000}',
    ]);
    expect(keys.indexOf('\u{FFFD}')).toBeLessThan(keys.indexOf('\u{10000}'));
    const same = keys.map((k) => obj(k));

    // Act
    const unchanged = await plan(same, same, true);
    const allNew = await plan(same, [], true);
    const allExtra = await plan([], same, true);

    // Assess
    expect(unchanged).toEqual([]);
    expect(allNew).toEqual(keys.map((k) => `copy:${k}:missing`));
    expect(allExtra).toEqual(keys.map((k) => `delete:${k}`));
  });

  it('matches keys that differ only beyond the BMP', async () => {
    // Prepare
    const source = s3Order(['x\u{FFFF}', 'x\u{1F600}', 'x\u{E000}']).map((k) => obj(k));
    const destination = s3Order(['x\u{1F600}']).map((k) => obj(k));

    // Act
    const steps = await plan(source, destination, true);

    // Assess
    expect(steps).toEqual(['copy:x\u{E000}:missing', 'copy:x\u{FFFF}:missing']);
  });

  it.each([
    ['source', [obj('b'), obj('a')], []],
    ['destination', [], [obj('a'), obj('a')]],
  ])(
    'refuses a %s listing out of S3 order instead of deleting the wrong keys',
    async (side, source, destination) => {
      // Act
      const run = plan(source, destination, true);

      // Assess
      await expect(run).rejects.toSatisfy(
        (e) => e instanceof S3BulkError && e.code === 'UnsortedListing' && e.message.includes(side),
      );
    },
  );

  it('reads async listings lazily and closes them when the consumer stops', async () => {
    // Prepare
    let pulled = 0;
    let closed = false;
    async function* listing() {
      try {
        for (let i = 0; i < 1_000_000; i++) {
          pulled++;
          yield obj(`k${String(i).padStart(7, '0')}`);
        }
      } finally {
        closed = true;
      }
    }

    // Act
    for await (const step of planSync(listing(), [])) {
      if (step.key === 'k0000002') break;
    }

    // Assess
    expect(pulled).toBeLessThan(10);
    expect(closed).toBe(true);
  });

  it('says why a copy is needed', () => {
    expect(syncReason(obj('a'), undefined)).toBe('missing');
    expect(syncReason(obj('a', 2), obj('a', 1))).toBe('size');
    expect(syncReason(obj('a', 1, T1), obj('a', 1, T0))).toBe('newer');
    expect(syncReason(obj('a', 1, T0), obj('a', 1, T0))).toBeUndefined();
  });

  it('with compare checksum, copies same-size objects whose checksums differ, whatever the times', async () => {
    // Prepare: "edited" is same-size and older at the source; "touched" is newer but identical.
    const source = [obj('edited', 4, T0), obj('resized', 5), obj('touched', 4, T1)];
    const destination = [obj('edited', 4, T1), obj('resized', 4), obj('touched', 4, T0)];
    const asked: string[] = [];
    const checksumsDiffer = async (s: ListedObject, d: ListedObject) => {
      asked.push(`${s.key}=${d.key}`);
      return s.key === 'edited';
    };

    // Act
    const steps: string[] = [];
    for await (const step of planSync(source, destination, {
      compare: 'checksum',
      checksumsDiffer,
    }))
      steps.push(step.action === 'copy' ? `copy:${step.key}:${step.reason}` : step.key);

    // Assess: sizes still decide first, without reading checksums.
    expect(steps).toEqual(['copy:edited:checksum', 'copy:resized:size']);
    expect(asked).toEqual(['edited=edited', 'touched=touched']);
  });

  it('keeps the size-and-time rule by default', async () => {
    expect(await plan([obj('a', 4, T1)], [obj('a', 4, T0)])).toEqual(['copy:a:newer']);
  });
});
