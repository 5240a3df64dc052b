import type { S3Client } from '@aws-sdk/client-s3';
import { TaskFailure } from '../errors.js';
import { classifyError } from '../s3/errors.js';
import type { ObjectRef } from '../types.js';
import type { TaskRequests } from './types.js';
import { loadSdk } from '../config/load-sdk.js';

/** S3 takes at most 1,000 keys per DeleteObjects. */
export const MAX_DELETE_BATCH = 1000;

export interface DeleteBatcherOptions {
  /** Keys per DeleteObjects request. @default 1000 */
  readonly maxBatchSize?: number;
  /** How long a batch waits for more deletes before it goes out, in ms. @default 5 */
  readonly lingerMs?: number;
}

/** Sent with every DeleteObjects of one batch. */
export interface DeleteRequestOptions {
  readonly expectedBucketOwner?: string;
  readonly requesterPays?: boolean;
  /** Delete versions under a GOVERNANCE retention (needs s3:BypassGovernanceRetention). */
  readonly bypassGovernanceRetention?: boolean;
}

interface Waiter {
  readonly object: ObjectRef;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface Batch {
  readonly client: S3Client;
  readonly slot: string;
  readonly bucket: string;
  readonly request: DeleteRequestOptions;
  readonly waiters: Waiter[];
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * Turns single-object deletes into DeleteObjects batches: each `delete` joins the open batch of
 * its client and bucket and settles from that key's entry in the response (Quiet off), so every
 * task still gets its own success or failure.
 */
export class DeleteBatcher {
  private readonly maxBatchSize: number;
  private readonly lingerMs: number;
  private readonly open = new Map<S3Client, Map<string, Batch>>();

  constructor(options: DeleteBatcherOptions = {}) {
    this.maxBatchSize = Math.min(options.maxBatchSize ?? MAX_DELETE_BATCH, MAX_DELETE_BATCH);
    this.lingerMs = options.lingerMs ?? 5;
    if (!(this.maxBatchSize >= 1)) throw new RangeError('maxBatchSize must be at least 1');
  }

  /** Keys per DeleteObjects request at most. */
  get batchSize(): number {
    return this.maxBatchSize;
  }

  /**
   * What one delete costs: a share of a DeleteObjects of its bucket. Full batches are the least;
   * deletes that trickle in slower than the linger time go out in smaller ones.
   */
  requestsOf(object: ObjectRef): TaskRequests {
    return {
      requests: {},
      batched: { request: 'DeleteObjects', group: object.bucket, size: this.maxBatchSize },
    };
  }

  delete(client: S3Client, object: ObjectRef, request: DeleteRequestOptions = {}): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const byBucket = this.open.get(client) ?? new Map<string, Batch>();
      this.open.set(client, byBucket);
      // Deletes share a request only when bucket and request options agree.
      const slot = `${object.bucket}\u0000${JSON.stringify(request)}`;
      let batch = byBucket.get(slot);
      if (!batch) {
        batch = { client, slot, bucket: object.bucket, request, waiters: [] };
        byBucket.set(slot, batch);
      }
      batch.waiters.push({ object, resolve, reject });
      if (batch.waiters.length >= this.maxBatchSize) this.flush(batch);
      else batch.timer ??= setTimeout(() => this.flush(batch), this.lingerMs);
    });
  }

  private flush(batch: Batch): void {
    if (batch.timer) clearTimeout(batch.timer);
    const byBucket = this.open.get(batch.client);
    if (byBucket?.get(batch.slot) === batch) byBucket.delete(batch.slot);
    if (byBucket?.size === 0) this.open.delete(batch.client);
    void this.send(batch);
  }

  private async send(batch: Batch): Promise<void> {
    const { waiters } = batch;
    try {
      const { DeleteObjectsCommand } = await loadSdk('s3');
      const res = await batch.client.send(
        new DeleteObjectsCommand({
          Bucket: batch.bucket,
          Delete: {
            Quiet: false,
            Objects: waiters.map((w) => ({
              Key: w.object.key,
              ...(w.object.versionId ? { VersionId: w.object.versionId } : {}),
            })),
          },
          ...(batch.request.expectedBucketOwner
            ? { ExpectedBucketOwner: batch.request.expectedBucketOwner }
            : {}),
          ...(batch.request.requesterPays ? { RequestPayer: 'requester' as const } : {}),
          ...(batch.request.bypassGovernanceRetention ? { BypassGovernanceRetention: true } : {}),
        }),
      );
      const pending = new Map<string, Waiter[]>();
      for (const w of waiters) pending.set(w.object.key, [...(pending.get(w.object.key) ?? []), w]);
      const settle = (key = '', versionId: string | undefined, outcome: (w: Waiter) => void) => {
        // An entry without VersionId answers every delete of that key in the batch.
        const list = pending.get(key) ?? [];
        const hit = list.filter(
          (w) => !versionId || !w.object.versionId || w.object.versionId === versionId,
        );
        for (const w of hit) outcome(w);
        const left = list.filter((w) => !hit.includes(w));
        if (left.length > 0) pending.set(key, left);
        else pending.delete(key);
      };
      for (const d of res.Deleted ?? []) settle(d.Key, d.VersionId, (w) => w.resolve());
      for (const e of res.Errors ?? []) {
        const code = e.Code ?? 'DeleteFailed';
        const { temporary } = classifyError({ name: code, message: e.Message });
        const failure = new TaskFailure(e.Message ?? code, code, { temporary });
        settle(e.Key, e.VersionId, (w) => w.reject(failure));
      }
      for (const rest of pending.values()) {
        for (const w of rest) {
          w.reject(
            new TaskFailure('DeleteObjects did not report this key', 'MissingDeleteResult', {
              temporary: true,
            }),
          );
        }
      }
    } catch (error) {
      for (const w of waiters) w.reject(error);
    }
  }
}
