import type { SimulatorFaults } from './types.js';

export type FaultDecision = 'none' | 'slowDown' | 'error500' | 'error503' | 'reset' | 'stall';

/** mulberry32: small, fast and good enough to make injected faults repeatable from a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides, per request, whether a fault is injected; owns the per-prefix token buckets. */
export class FaultInjector {
  readonly #random: () => number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    seed: number,
    private readonly config: () => SimulatorFaults,
  ) {
    this.#random = seededRandom(seed);
  }

  decide(operation: string, bucket: string, key: string): FaultDecision {
    const faults = this.config();
    if (
      faults.prefixRateLimit > 0 &&
      bucket &&
      !this.#takeToken(bucket, key, faults.prefixRateLimit)
    ) {
      return 'slowDown';
    }
    if (faults.faultOperations.length > 0 && !faults.faultOperations.includes(operation))
      return 'none';
    // One draw per request keeps the sequence stable when rates change between runs.
    const draw = this.#random();
    let threshold = faults.resetRate;
    if (draw < threshold) return 'reset';
    threshold += faults.stallRate;
    if (draw < threshold) return 'stall';
    threshold += faults.error503Rate;
    if (draw < threshold) return 'error503';
    threshold += faults.error500Rate;
    if (draw < threshold) return 'error500';
    return 'none';
  }

  resetRateLimits(): void {
    this.#buckets.clear();
  }

  // A token bucket per bucket+prefix holding one second of requests, like S3's partitions.
  #takeToken(bucket: string, key: string, rate: number): boolean {
    const slash = key.lastIndexOf('/');
    const id = `${bucket}/${slash < 0 ? '' : key.slice(0, slash + 1)}`;
    const now = performance.now();
    const state = this.#buckets.get(id) ?? { tokens: rate, at: now };
    state.tokens = Math.min(rate, state.tokens + ((now - state.at) / 1000) * rate);
    state.at = now;
    this.#buckets.set(id, state);
    if (state.tokens < 1) return false;
    state.tokens -= 1;
    return true;
  }
}
