/** Options of an `AdaptiveLimiter`. */
export interface AdaptiveLimiterOptions {
  /** The highest (and starting) limit. */
  readonly max: number;
  /** Throttling never takes the limit below this. @default 1 */
  readonly min?: number;
  /** Multiplicative decrease on throttling. @default 0.5 */
  readonly decreaseFactor?: number;
  /** At most one decrease per window, so one burst of SlowDowns halves the limit once. @default 1000 */
  readonly decreaseWindowMs?: number;
  /** Successes needed for +1; by default the current limit (one "round" of work, as TCP does). */
  readonly increaseEvery?: number;
  /** Clock, for tests. @default Date.now */
  readonly now?: () => number;
}

/**
 * A concurrency limit that adapts to the server with AIMD: halve on throttling (not below
 * `min`, once per window), add one per round of successes (not above `max`). Permits are
 * handed out in FIFO order.
 */
export class AdaptiveLimiter {
  readonly max: number;
  readonly min: number;
  private current: number;
  private inUse = 0;
  private successes = 0;
  private lastDecrease = Number.NEGATIVE_INFINITY;
  private readonly waiters: Array<() => void> = [];
  private readonly options: AdaptiveLimiterOptions;

  constructor(options: AdaptiveLimiterOptions) {
    if (!Number.isInteger(options.max) || options.max < 1) {
      throw new RangeError(`max must be a positive integer, got ${options.max}`);
    }
    this.options = options;
    this.max = options.max;
    this.min = Math.min(Math.max(1, options.min ?? 1), options.max);
    this.current = options.max;
  }

  /** Permits allowed at once right now. */
  get limit(): number {
    return this.current;
  }

  /** Permits held right now. */
  get active(): number {
    return this.inUse;
  }

  /** Wait for a permit. Resolves `false` (holding nothing) if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    if (this.inUse < this.current && this.waiters.length === 0) {
      this.inUse++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.inUse++;
        resolve(true);
      };
      const onAbort = () => {
        const at = this.waiters.indexOf(grant);
        if (at !== -1) this.waiters.splice(at, 1);
        resolve(false);
      };
      this.waiters.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Give a permit back. */
  release(): void {
    this.inUse = Math.max(0, this.inUse - 1);
    this.wake();
  }

  /** A call succeeded: one step towards +1. */
  recordSuccess(): void {
    if (this.current >= this.max) return;
    this.successes++;
    if (this.successes >= (this.options.increaseEvery ?? this.current)) {
      this.successes = 0;
      this.current++;
      this.wake();
    }
  }

  /** The server asked us to slow down. Returns true when the limit was lowered. */
  recordThrottle(): boolean {
    const now = (this.options.now ?? Date.now)();
    if (now - this.lastDecrease < (this.options.decreaseWindowMs ?? 1000)) return false;
    const lowered = Math.max(
      this.min,
      Math.floor(this.current * (this.options.decreaseFactor ?? 0.5)),
    );
    this.lastDecrease = now;
    this.successes = 0;
    if (lowered === this.current) return false;
    this.current = lowered;
    return true;
  }

  private wake(): void {
    while (this.inUse < this.current && this.waiters.length > 0) this.waiters.shift()?.();
  }
}
