import type { Task, TaskRequests } from '../operations/types.js';

interface BatchCount {
  readonly request: string;
  readonly size: number;
  count: number;
}

/**
 * Counts what a job's tasks will ask of S3 while `plan` walks them: each task's calls as its
 * operation states them, batched calls per group, and the calls the walk itself made (listings).
 */
export class RequestTally {
  tasks = 0;
  objectBytes = 0;
  clientBytes = 0;
  unknownSizes = 0;
  unestimatedTasks = 0;
  upperBound = false;
  private readonly calls = new Map<string, number>();
  private readonly batches = new Map<string, BatchCount>();

  /** A call made once, whatever the task count (a listing page). */
  count(request: string, n = 1): void {
    this.calls.set(request, (this.calls.get(request) ?? 0) + n);
  }

  /** One task and its calls; `undefined` when its operation cannot say them. */
  addTask(task: Task, calls: TaskRequests | undefined): void {
    this.tasks++;
    if (!calls) {
      this.unestimatedTasks++;
      return;
    }
    for (const [request, n] of Object.entries(calls.requests)) this.count(request, n);
    if (calls.batched) {
      const { request, group, size } = calls.batched;
      const key = `${request}\u0000${group}`;
      const batch = this.batches.get(key) ?? { request, size, count: 0 };
      batch.count++;
      this.batches.set(key, batch);
    }
    if (calls.sizeUnknown) this.unknownSizes++;
    else if (task.facts?.size !== undefined && task.action !== 'delete') {
      this.objectBytes += task.facts.size;
    }
    this.clientBytes += calls.clientBytes ?? 0;
    if (calls.upperBound) this.upperBound = true;
  }

  /** Every call by name, batched ones as full batches (the fewest requests they can take). */
  requests(): Record<string, number> {
    const all = new Map(this.calls);
    for (const { request, size, count } of this.batches.values()) {
      all.set(request, (all.get(request) ?? 0) + Math.ceil(count / size));
    }
    return Object.fromEntries([...all.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}
