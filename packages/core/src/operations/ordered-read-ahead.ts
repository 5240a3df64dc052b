/** Sources read ahead of their consumer; `close` stops them whether or not they were iterated. */
export interface ReadAhead<T> extends AsyncIterable<T> {
  close(): Promise<void>;
}

/** One item asked for: settled once its answer came. */
interface Asked<T> {
  readonly result: Promise<IteratorResult<T>>;
  settled: boolean;
}

/** One source: its iterator, the items asked for and not yet consumed, in order. */
interface Lane<T> {
  readonly iterator: AsyncIterator<T>;
  readonly queue: Asked<T>[];
  /** An item came back done (or failed): nothing more is asked of it. */
  ended: boolean;
}

/** How far ahead of its consumer {@link readAheadInOrder} reads. */
export interface ReadAheadBudget {
  /** Items asked for and not yet consumed, at most, across all sources. */
  readonly most: number;
  /** The budget it starts with and comes back to while the consumer is the slower side. */
  readonly least: number;
}

/**
 * Every item of `sources[0]`, then of `sources[1]`, ...: each source asked for items before its
 * turn, from now on, with a budget of items asked for and not yet consumed across all of them,
 * however many there are (a listing's memory is its pages held, not its ranges). Slots go
 * breadth first, nearest the consumer first: every source gets one before any gets two, so all
 * sources keep a request going while the budget lasts. The source being consumed may always ask
 * for one item, or sources further on holding the whole budget would stall it.
 *
 * The budget follows the consumer: it doubles (up to `most`) each time the consumer has to wait
 * for an item, and halves (down to `least`) after as many items as it holds were found ready.
 * A fast consumer (a sync plan's merge walk) gets the whole read-ahead; a slow one (a run's
 * copies, which pull tasks far slower than pages come) keeps only `least` items in memory.
 */
export function readAheadInOrder<T>(
  sources: readonly AsyncIterable<T>[],
  { most, least }: ReadAheadBudget,
): ReadAhead<T> {
  const lanes: Lane<T>[] = sources.map((source) => ({
    iterator: source[Symbol.asyncIterator](),
    queue: [],
    ended: false,
  }));
  let current = 0;
  let held = 0;
  let closed = false;
  let budget = Math.max(1, Math.min(least, most));
  let ready = 0;
  const ask = (lane: Lane<T>) => {
    const asked: Asked<T> = { result: lane.iterator.next(), settled: false };
    // Observed when its turn comes; until then it must not count as unhandled.
    asked.result.then(
      (result) => {
        asked.settled = true;
        if (result.done) lane.ended = true;
      },
      () => {
        asked.settled = true;
        lane.ended = true;
      },
    );
    lane.queue.push(asked);
    held++;
  };
  /** The consumer took an item that was ready (or had to wait for it): adjust the budget. */
  const follow = (waited: boolean) => {
    if (waited) {
      budget = Math.min(most, budget * 2);
      ready = 0;
    } else if (++ready >= budget) {
      budget = Math.max(least, Math.floor(budget / 2));
      ready = 0;
    }
  };
  const fill = () => {
    if (closed) return;
    const consumed = lanes[current];
    if (consumed && !consumed.ended && consumed.queue.length === 0) ask(consumed);
    for (let depth = 1; depth <= budget && held < budget; depth++) {
      for (let i = current; i < lanes.length && held < budget; i++) {
        const lane = lanes[i]!;
        if (!lane.ended && lane.queue.length < depth) ask(lane);
      }
    }
  };
  fill();
  return {
    async *[Symbol.asyncIterator]() {
      while (current < lanes.length && !closed) {
        const lane = lanes[current]!;
        const next = lane.queue.shift();
        if (next === undefined) {
          if (lane.ended) current++;
          fill();
          continue;
        }
        held--;
        const waited = !next.settled;
        const result = await next.result;
        if (result.done) {
          // What was asked after the end comes back done too: drop it.
          held -= lane.queue.length;
          lane.queue.length = 0;
          lane.ended = true;
          current++;
          fill();
          continue;
        }
        follow(waited);
        fill();
        yield result.value;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      // An async generator runs one request at a time: return() waits for the ones queued.
      await Promise.allSettled(lanes.map((lane) => lane.iterator.return?.()));
    },
  };
}
