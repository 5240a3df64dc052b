import type { JobCounters } from './types.js';

/** The live, mutable counters of a run; snapshots go to events and `state.json`. */
export class JobCountersTracker {
  total = 0;
  succeeded = 0;
  failed = 0;
  inFlight = 0;
  bytes = 0;
  retries = 0;
  concurrency = 0;

  /** Tasks with a result, this run and earlier ones. */
  get done(): number {
    return this.succeeded + this.failed;
  }

  snapshot(): JobCounters {
    return {
      // Never show fewer tasks than have results (a store without plans makes a resumed sync
      // list again, and it finds fewer differences).
      total: Math.max(this.total, this.done + this.inFlight),
      succeeded: this.succeeded,
      failed: this.failed,
      inFlight: this.inFlight,
      bytes: this.bytes,
      retries: this.retries,
      concurrency: this.concurrency,
    };
  }
}
