import {
  DeleteObjectsCommand,
  type DeleteObjectsCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { TaskOutcome } from './types.js';

/** S3's limit of keys per DeleteObjects request. */
export const MAX_DELETE_BATCH = 1000;

interface Waiter {
  readonly key: string;
  readonly versionId: string | undefined;
  resolve(outcome: TaskOutcome | { readonly error: { code: string; message: string } }): void;
  reject(error: unknown): void;
}

/** One pending DeleteObjects request: same client, bucket and expected owner. */
interface Batch {
  readonly waiters: Waiter[];
  timer?: ReturnType<typeof setTimeout>;
}

export type DeleteResult = TaskOutcome | { readonly error: { code: string; message: string } };

export interface DeleteBatcherOptions {
  /** Keys per request. @default 1000 */
  readonly batchSize: number;
  /** How long a partial batch waits for more tasks before it is sent. @default 20 */
  readonly lingerMs: number;
  readonly bypassGovernanceRetention: boolean;
}

const identity = (key: string, versionId: string | undefined) => `${key}\u0000${versionId ?? ''}`;

/**
 * Gathers concurrent single-object deletes into DeleteObjects requests and answers each caller
 * from the per-key result, so the engine still sees one task at a time.
 */
export class DeleteBatcher {
  readonly #batches = new Map<string, Batch>();
  readonly #options: DeleteBatcherOptions;

  constructor(options: DeleteBatcherOptions) {
    this.#options = options;
  }

  delete(
    client: S3Client,
    bucket: string,
    key: string,
    versionId: string | undefined,
    expectedBucketOwner: string | undefined,
    signal: AbortSignal,
  ): Promise<DeleteResult> {
    const batchKey = `${bucket}\u0000${expectedBucketOwner ?? ''}`;
    return new Promise<DeleteResult>((resolve, reject) => {
      let batch = this.#batches.get(batchKey);
      if (!batch) {
        batch = { waiters: [] };
        this.#batches.set(batchKey, batch);
      }
      batch.waiters.push({ key, versionId, resolve, reject });
      const send = () => {
        this.#batches.delete(batchKey);
        if (batch.timer) clearTimeout(batch.timer);
        void this.#send(client, bucket, expectedBucketOwner, batch.waiters, signal);
      };
      if (batch.waiters.length >= this.#options.batchSize) send();
      else batch.timer ??= setTimeout(send, this.#options.lingerMs);
    });
  }

  async #send(
    client: S3Client,
    bucket: string,
    expectedBucketOwner: string | undefined,
    waiters: readonly Waiter[],
    signal: AbortSignal,
  ): Promise<void> {
    // The same key+version twice in one batch is sent once and answers both tasks.
    const byIdentity = new Map<string, Waiter[]>();
    for (const w of waiters) {
      const id = identity(w.key, w.versionId);
      byIdentity.set(id, [...(byIdentity.get(id) ?? []), w]);
    }
    let out: DeleteObjectsCommandOutput;
    try {
      out = await client.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          ...(expectedBucketOwner ? { ExpectedBucketOwner: expectedBucketOwner } : {}),
          ...(this.#options.bypassGovernanceRetention ? { BypassGovernanceRetention: true } : {}),
          Delete: {
            Quiet: false,
            Objects: [...byIdentity.values()].map(([w]) => ({
              Key: w?.key,
              ...(w?.versionId ? { VersionId: w.versionId } : {}),
            })),
          },
        }),
        { abortSignal: signal },
      );
    } catch (error) {
      for (const w of waiters) w.reject(error);
      return;
    }
    const answer = (
      key: string | undefined,
      versionId: string | undefined,
      result: DeleteResult,
    ) => {
      const id = identity(key ?? '', versionId);
      for (const w of byIdentity.get(id) ?? []) w.resolve(result);
      byIdentity.delete(id);
    };
    for (const d of out.Deleted ?? []) {
      // A plain delete in a versioned bucket answers with the new delete marker, not a VersionId.
      const requested = byIdentity.has(identity(d.Key ?? '', d.VersionId))
        ? d.VersionId
        : undefined;
      answer(d.Key, requested, {
        message: d.DeleteMarkerVersionId
          ? `deleted (delete marker ${d.DeleteMarkerVersionId} created)`
          : d.VersionId
            ? `deleted version ${d.VersionId}`
            : 'deleted',
      });
    }
    for (const e of out.Errors ?? []) {
      answer(e.Key, e.VersionId, {
        error: {
          code: e.Code ?? 'UnknownError',
          message: e.Message ?? 'DeleteObjects reported an error',
        },
      });
    }
    // S3 answers every key when Quiet is false; anything left is worth another attempt.
    for (const rest of byIdentity.values()) {
      for (const w of rest) {
        w.resolve({
          error: { code: 'InternalError', message: 'DeleteObjects did not report this key' },
        });
      }
    }
  }
}
