/**
 * Idle timeouts of the lean path's requests, kept by one timer instead of one per request. Node's
 * `req.setTimeout` costs each request a socket timer set and cleared, two `once` listeners and a
 * bound callback: about 12 µs of CPU a request when warm and 40 µs in a job's first thousand
 * (docs/benchmarks.md, "A small job without the credential chain"). Here a request is an entry in
 * a set, touched when its answer moves; one sweep, every quarter of the shortest limit watched (at
 * most a second), ends those idle for longer than their limit. So a request ends between its limit
 * and a quarter more after the last byte it received, as a socket's idle timeout would.
 */
export interface IdleWatch {
  /** The answer moved: the idle time starts again. */
  touch(): void;
  /** The request settled: stop watching it. */
  done(): void;
}

interface Entry {
  last: number;
  readonly limitMs: number;
  readonly onIdle: () => void;
}

const MAX_SWEEP_MS = 1000;
const MIN_SWEEP_MS = 5;

const watched = new Set<Entry>();
let timer: NodeJS.Timeout | undefined;
let sweepMs = MAX_SWEEP_MS;

/** Watch a request: `onIdle` runs once it has been idle for `limitMs`. */
export function watchIdle(limitMs: number, onIdle: () => void): IdleWatch {
  const entry: Entry = { last: Date.now(), limitMs, onIdle };
  watched.add(entry);
  const wanted = Math.max(MIN_SWEEP_MS, Math.min(MAX_SWEEP_MS, Math.floor(limitMs / 4)));
  if (!timer || wanted < sweepMs) restart(wanted);
  return {
    touch: () => {
      entry.last = Date.now();
    },
    done: () => {
      watched.delete(entry);
      if (watched.size === 0) stop();
    },
  };
}

function restart(ms: number): void {
  if (timer) clearInterval(timer);
  sweepMs = ms;
  timer = setInterval(sweep, ms);
  // Never what keeps a process alive: the requests it watches are.
  timer.unref();
}

function stop(): void {
  if (timer) clearInterval(timer);
  timer = undefined;
  sweepMs = MAX_SWEEP_MS;
}

function sweep(): void {
  const now = Date.now();
  for (const entry of watched) {
    if (now - entry.last < entry.limitMs) continue;
    watched.delete(entry);
    entry.onIdle();
  }
  if (watched.size === 0) stop();
}
