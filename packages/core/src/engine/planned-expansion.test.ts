import { appendFile, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PrefixEntry } from '../manifest/types.js';
import type { ExpandOptions, OperationContext, Task } from '../operations/types.js';
import { LocalJobStore } from '../store/local-job-store.js';
import { planStoreOf, type PlanRecord, type TaskPlanStore } from '../store/plan-record.js';
import { batchesOf, plannedExpansion } from './planned-expansion.js';

const entry: PrefixEntry = {
  kind: 'prefix',
  source: { bucket: 'src', prefix: 'in/' },
  destination: { bucket: 'dst', prefix: 'out/' },
  location: { source: 'pairs.csv', line: 7 },
};
const context = {} as OperationContext;

function task(key: string): Task {
  return {
    id: `7:${key}`,
    object: { bucket: 'src', key: `in/${key}` },
    destination: { bucket: 'dst', key: `out/${key}` },
    action: 'copy',
    reason: 'missing',
    facts: { size: 3, lastModified: new Date('2026-01-02T03:04:05.000Z') },
    location: entry.location,
  };
}

/** The plan line of `task(key)`: only what the row does not say and a run reads. */
function step(key: string): PlanRecord {
  return { k: key, s: 3 };
}

/** `task(key)` as the listing hands it out: numbered by its place in the plan. */
function numbered(key: string, seq: number): Task {
  return { ...task(key), seq };
}

/** `task(key)` replayed from its step: the facts a run reads (the size) and no others. */
function replayed(key: string, seq: number): Task {
  return { ...task(key), seq, facts: { size: 3 } };
}

/** A listing diff of `keys`; records every call's options, and honours `after` if asked. */
function fakeExpand(keys: readonly string[], honourAfter = true) {
  const calls: ExpandOptions[] = [];
  async function* expand(_entry: unknown, _context: unknown, options: ExpandOptions = {}) {
    calls.push(options);
    for (const key of keys) {
      if (honourAfter && options.after !== undefined && key <= options.after) continue;
      yield task(key);
    }
  }
  return { expand, calls };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function newStore(): Promise<{ dir: string; store: LocalJobStore; plans: TaskPlanStore }> {
  const dir = join(await mkdtemp(join(tmpdir(), 's3bulk-plan-')), 'job');
  const store = new LocalJobStore(dir);
  return { dir, store, plans: planStoreOf(store)! };
}

const KEYS = ['a', 'b', 'c', 'd', 'e'];

describe('engine: planned expansion', () => {
  it('persists every task before handing it out, then marks the plan complete', async () => {
    // Prepare
    const { dir, store, plans } = await newStore();
    const { expand } = fakeExpand(KEYS);
    const plannedWhenHandedOut: boolean[] = [];

    // Act
    for await (const t of plannedExpansion(entry, expand, context, plans, { batchSize: 2 })) {
      const planned = await collect(store.readPlan('7'));
      plannedWhenHandedOut.push(planned.some((r) => 'k' in r && `7:${r.k}` === t.id));
    }
    await store.close();
    const records = await collect(store.readPlan('7'));

    // Assess
    expect(plannedWhenHandedOut).toEqual([true, true, true, true, true]);
    expect(records.at(-1)).toEqual({ complete: true, tasks: 5 });
    expect(records.slice(0, -1)).toEqual(KEYS.map(step));
    expect((await stat(join(dir, 'plans'))).mode & 0o777).toBe(0o700);
    expect(await readdir(join(dir, 'plans'))).toEqual(['7.jsonl']);
    expect((await stat(join(dir, 'plans', '7.jsonl'))).mode & 0o777).toBe(0o600);
  });

  it('replays a complete plan without listing', async () => {
    // Prepare
    const { store, plans } = await newStore();
    await collect(plannedExpansion(entry, fakeExpand(KEYS).expand, context, plans));
    await store.close();
    const again = fakeExpand(['a']);

    // Act
    const tasks = await collect(plannedExpansion(entry, again.expand, context, plans));

    // Assess
    expect(again.calls).toEqual([]);
    expect(tasks).toEqual(KEYS.map(replayed));
  });

  it('replays the steps of plans written with the source time, ETag and storage class', async () => {
    // Prepare
    const { dir, store, plans } = await newStore();
    await plans.appendPlan('7', [{ complete: true, tasks: 0 }]);
    await store.close();
    const time = Date.parse('2026-01-02T03:04:05.000Z');
    const older = `{"k":"a","s":3,"t":${time},"e":"\\"x\\"","c":"GLACIER"}\n{"complete":true,"tasks":1}\n`;
    await writeFile(join(dir, 'plans', '7.jsonl'), older);

    // Act
    const tasks = await collect(plannedExpansion(entry, fakeExpand([]).expand, context, plans));

    // Assess
    expect(tasks).toEqual([
      {
        ...numbered('a', 0),
        facts: { size: 3, lastModified: new Date(time), etag: '"x"', storageClass: 'GLACIER' },
      },
    ]);
  });

  it.each([
    { honourAfter: true, name: 'lists from after it' },
    { honourAfter: false, name: 'skips what the plan holds when the listing starts over' },
  ])(
    'after a crash mid-plan (torn last line) replays the plan and $name',
    async ({ honourAfter }) => {
      // Prepare
      const { dir, store, plans } = await newStore();
      await plans.appendPlan('7', [{ task: task('a') }, { task: task('b') }]);
      await store.close();
      // What kill -9 in the middle of an append leaves: `c` was never handed out.
      await appendFile(join(dir, 'plans', '7.jsonl'), '{"task":{"id":"7:c","obj');
      const resumed = new LocalJobStore(dir);
      const listing = fakeExpand(KEYS, honourAfter);

      // Act
      const tasks = await collect(
        plannedExpansion(entry, listing.expand, context, planStoreOf(resumed)!),
      );
      await resumed.close();
      const records: PlanRecord[] = await collect(resumed.readPlan('7'));
      const text = await readFile(join(dir, 'plans', '7.jsonl'), 'utf8');

      // Assess
      // The plan was written before plans kept steps: its whole tasks are read as they are.
      expect(tasks).toEqual(KEYS.map(numbered));
      expect(listing.calls).toEqual([{ after: 'b' }]);
      expect(records).toEqual([
        { task: task('a') },
        { task: task('b') },
        ...['c', 'd', 'e'].map(step),
        { complete: true, tasks: 5 },
      ]);
      expect(text.split('\n').filter(Boolean)).toHaveLength(6);
    },
  );

  it('keeps a whole task when a step could not say it', async () => {
    // Prepare
    const { store, plans } = await newStore();
    const odd: Task = { ...task('a'), object: { bucket: 'src', key: 'in/a', versionId: 'v1' } };
    async function* expand() {
      yield odd;
      yield task('b');
    }

    // Act
    const first = await collect(plannedExpansion(entry, expand, context, plans));
    await store.close();
    const records = await collect(store.readPlan('7'));
    const again = await collect(plannedExpansion(entry, expand, context, plans));

    // Assess
    expect(records).toEqual([
      { task: { ...odd, seq: 0 } },
      step('b'),
      { complete: true, tasks: 2 },
    ]);
    expect(first).toEqual([{ ...odd, seq: 0 }, numbered('b', 1)]);
    expect(again).toEqual([{ ...odd, seq: 0 }, replayed('b', 1)]);
  });

  it('refuses a row id that could name a path', async () => {
    // Prepare
    const { store } = await newStore();

    // Act
    const append = store.appendPlan('../x', [{ complete: true, tasks: 0 }]);
    const read = collect(store.readPlan('7/../../x'));

    // Assess
    await expect(append).rejects.toThrow(/not a manifest row id/);
    await expect(read).rejects.toThrow(/not a manifest row id/);
  });
});

describe('engine: batchesOf', () => {
  it('sends a partial batch once the source goes quiet, and a full one at once', async () => {
    // Prepare
    async function* sparse() {
      yield 1;
      yield 2;
      yield 3;
      await new Promise((resolve) => setTimeout(resolve, 200));
      yield 4;
    }

    // Act
    const batches = await collect(batchesOf(sparse(), 2, 20));

    // Assess
    expect(batches).toEqual([[1, 2], [3], [4]]);
  });
});
