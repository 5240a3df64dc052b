import { describe, expect, it } from 'vitest';
import { readAheadInOrder } from './ordered-read-ahead.js';

/** Sources of `size` numbered items each, telling how many were produced and not yet consumed. */
function sourcesOf(count: number, size: number) {
  const state = { produced: 0, consumed: 0, most: 0, closed: 0, asked: [] as number[] };
  const sources = Array.from({ length: count }, (_, s) =>
    (async function* () {
      try {
        for (let i = 0; i < size; i++) {
          state.asked.push(s);
          await new Promise((resolve) => setImmediate(resolve));
          state.produced++;
          state.most = Math.max(state.most, state.produced - state.consumed);
          yield s * size + i;
        }
      } finally {
        state.closed++;
      }
    })(),
  );
  return { sources, state };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('operations: ordered read-ahead', () => {
  it('gives every item of each source in turn, holding at most the budget ahead', async () => {
    // Prepare
    const { sources, state } = sourcesOf(8, 20);
    const items: number[] = [];

    // Act
    for await (const item of readAheadInOrder(sources, { most: 5, least: 5 })) {
      state.consumed++;
      items.push(item);
    }

    // Assess
    expect(items).toEqual(Array.from({ length: 160 }, (_, i) => i));
    // The budget, and the one more the source being consumed may always ask for.
    expect(state.most).toBeLessThanOrEqual(6);
    expect(state.closed).toBe(8);
  });

  it('asks every source once before any twice, nearest the consumer first', async () => {
    // Prepare
    const { sources, state } = sourcesOf(4, 10);

    // Act
    const ahead = readAheadInOrder(sources, { most: 6, least: 6 });
    await settle();
    await ahead.close();

    // Assess
    expect(state.asked.slice(0, 4)).toEqual([0, 1, 2, 3]);
    expect(state.asked.slice(4, 6)).toEqual([0, 1]);
  });

  it('keeps the source being consumed going when sources further on hold the budget', async () => {
    // Prepare: one slot, taken by the first source before the consumer reaches the second.
    const { sources } = sourcesOf(3, 4);
    const items: number[] = [];

    // Act
    for await (const item of readAheadInOrder(sources, { most: 1, least: 1 })) items.push(item);

    // Assess
    expect(items).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it('reads further ahead for a consumer that waits, and less for one that does not', async () => {
    // Prepare
    const fast = sourcesOf(8, 30);
    const slow = sourcesOf(8, 30);
    let slowMost = 0;

    // Act: one consumer takes each item at once, the other lets the sources run ahead first.
    for await (const item of readAheadInOrder(fast.sources, { most: 32, least: 2 })) {
      fast.state.consumed++;
      void item;
    }
    for await (const item of readAheadInOrder(slow.sources, { most: 32, least: 2 })) {
      slow.state.consumed++;
      void item;
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      const ahead = slow.state.produced - slow.state.consumed;
      if (slow.state.consumed > 60) slowMost = Math.max(slowMost, ahead);
    }

    // Assess
    expect(fast.state.most).toBeGreaterThan(8);
    expect(slowMost).toBeLessThanOrEqual(3);
  });

  it('stops unread sources on close, and a failed source fails at its turn', async () => {
    // Prepare
    const { sources, state } = sourcesOf(2, 100);
    async function* failing(): AsyncGenerator<number> {
      yield -1;
      throw new Error('listing failed');
    }
    const ahead = readAheadInOrder([failing(), ...sources], { most: 4, least: 4 });

    // Act
    const read = async () => {
      for await (const item of ahead) void item;
    };

    // Assess
    await expect(read()).rejects.toThrow('listing failed');
    await ahead.close();
    expect(state.closed).toBe(2);
    expect(state.produced).toBeLessThan(10);
  });
});
