import type { S3Client } from '@aws-sdk/client-s3';
import type { JobSpec } from '../job/types.js';
import type { ManifestEntry } from '../manifest/types.js';
import type { Operation, OperationContext } from '../operations/types.js';
import type { JobStore } from '../store/types.js';
import type { EngineSettings, JobEvent } from './types.js';

// Apart from engine/types.ts, which job/, report/ and store/ import: the options name the job's
// spec and store, so keeping them there tied the four types files in a circle.

/** What `runJob` needs; the edge builds it (clients, store) and passes it in. */
export interface RunJobOptions {
  readonly spec: JobSpec;
  readonly operation: Operation;
  /**
   * Opens the manifest afresh (it is read once to prepare and once to run), a batch of entries
   * at a time (`openManifestBatches`), so neither pass takes an async step per entry. Read each
   * batch to its end before asking for the next.
   */
  readonly manifest: () => AsyncIterable<Iterable<ManifestEntry>>;
  readonly context: Omit<OperationContext, 'signal'>;
  readonly store: JobStore;
  readonly settings: EngineSettings;
  /** Writes the completion report (a control client). @default `context.s3.destination` */
  readonly reportClient?: S3Client;
  /** Abort = graceful stop: no new tasks, in-flight ones finish, ledger flushed. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: JobEvent) => void;
  /** How results are batched into the ledger. @default { batchSize: 500, flushIntervalMs: 250 } */
  readonly ledger?: {
    /** Results per durable append at most. @default 500 */
    readonly batchSize?: number;
    /** A partial batch is appended after this long. @default 250 */
    readonly flushIntervalMs?: number;
  };
  /** Write the completion report of a cancelled job too, as S3 Batch Operations does. @default false */
  readonly reportWhenCancelled?: boolean;
  /** How often `progress` events are emitted and `state.json` refreshed. @default 500 */
  readonly progressIntervalMs?: number;
}
