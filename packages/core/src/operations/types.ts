import type { LeanCopier } from '../s3/lean-copy.js';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SourceLocation } from '../errors.js';
import type { ManifestEntry } from '../manifest/types.js';
import type { ObjectFacts, ObjectRef } from '../types.js';

/** Operation names: those of the S3 Control `Operation` JSON, then s3bulk's own. */
export type OperationName =
  | 'S3PutObjectCopy'
  | 'S3PutObjectTagging'
  | 'S3DeleteObjectTagging'
  | 'S3PutObjectAcl'
  | 'S3InitiateRestoreObject'
  | 'S3PutObjectLegalHold'
  | 'S3PutObjectRetention'
  | 'S3ComputeObjectChecksum'
  | 'S3ReplicateObject'
  | 'S3UpdateObjectEncryption'
  | 'LambdaInvoke'
  | 'S3BulkDelete'
  | 'S3BulkPairs'
  | 'S3BulkVerify'
  | 'DynamoDbImport';

/** One unit of work: one row of the completion report. */
export interface Task {
  /** Stable across runs of the same job (the ledger key): `<line>` or `<line>:<key>`. */
  readonly id: string;
  /**
   * A prefix row's task: its place in the row's persisted plan (0-based, stable across runs), so
   * the ledger remembers it as one bit of the row instead of its id string.
   */
  readonly seq?: number;
  /** The object the report row names (Bucket, Key, VersionId). */
  readonly object: ObjectRef;
  /** Pairs rows and sync: the explicit target. */
  readonly destination?: ObjectRef;
  /** Sync expansion: copy a missing/changed object, or delete one missing at the source. */
  readonly action?: 'copy' | 'delete';
  /** Sync expansion: why the task exists (`missing`, `size`, `newer`; `extra` for a delete). */
  readonly reason?: string;
  readonly facts?: ObjectFacts;
  readonly location: SourceLocation;
  /**
   * The row could not be expanded into tasks (a prefix that cannot be listed): this task stands
   * for the whole row and is reported failed with this error, without running.
   */
  readonly failure?: unknown;
}

/**
 * What a copy or a sync delete did, as facts: its ResultMessage is worded from them in one place
 * (`effectMessage` in `sync-message.ts`), and the ledger keeps the facts, not the sentence.
 */
export type TaskEffect = CopyEffect | DeleteEffect;

export interface CopyEffect {
  readonly action: 'copy';
  readonly target: ObjectRef;
  /** How: one CopyObject (absent), UploadPartCopy parts, or a stream through this process. */
  readonly via?: 'multipart' | 'stream';
  /** Parts of a multipart or streamed copy (a single PutObject stream has none). */
  readonly parts?: number;
  /** Bytes, when known before the copy. */
  readonly size?: number;
  /** The new object's ETag as S3 gave it (quotes included), when it gave one. */
  readonly etag?: string;
  /** A sync copy's reason (`missing`, `size`, ...): `SYNC_REASONS`. */
  readonly reason?: string;
}

export interface DeleteEffect {
  readonly action: 'delete';
  readonly target: ObjectRef;
  /** A sync delete's reason (`extra`). */
  readonly reason?: string;
}

/** A task that succeeded. */
export interface TaskOutcome {
  /** The report's ResultMessage, said as is. @default worded from `effect`, else `Successful` */
  readonly message?: string;
  /** What a copy or sync delete did: the engine keeps it in the `TaskResult`, worded only on read. */
  readonly effect?: TaskEffect;
  /** Object bytes the task moved or read (progress). */
  readonly bytes?: number;
  /** Bytes that passed through this process (0 for a server-side copy). */
  readonly clientBytes?: number;
}

/** Tunables every operation may read. */
export interface OperationSettings {
  /** Objects larger than this are copied in parts. @default 5 GiB */
  readonly multipartThreshold: number;
  /** Part size for multipart copies and streamed uploads. @default 64 MiB */
  readonly partSize: number;
  /** Sent as ExpectedBucketOwner to source-side calls. */
  readonly expectedSourceBucketOwner?: string;
  /** Sent as ExpectedBucketOwner to destination-side calls. */
  readonly expectedBucketOwner?: string;
}

/** What an operation gets for every task: clients are injected, never created here. */
export interface OperationContext {
  readonly s3: {
    readonly source: S3Client;
    readonly destination: S3Client;
    /** The destination side's lean path (same pool): copies and listings; without it, the SDK's. */
    readonly copier?: LeanCopier;
    /** The source side's lean path (same pool), for listings; without it, the SDK's. */
    readonly sourceCopier?: LeanCopier;
  };
  /** Copy between endpoints or credentials: no server-side copy, stream GET into PUT. */
  readonly crossEndpoint: boolean;
  readonly lambda?: LambdaClient;
  readonly dynamodb?: DynamoDBClient;
  readonly signal: AbortSignal;
  readonly jobId: string;
  readonly settings: OperationSettings;
  /** Told of each request `expand` makes (sync's listings): `plan` counts them for its estimate. */
  readonly onRequest?: (request: string) => void;
}

/** Where the expansion of a prefix entry starts (a resume lists only what its plan lacks). */
export interface ExpandOptions {
  /** Only tasks whose key, relative to the entry's prefixes, sorts after this one. */
  readonly after?: string;
  /** Only tasks whose key sorts at or before this one: the end of a shard's slice. */
  readonly until?: string;
}

/** API calls by name (`CopyObject`, `UploadPartCopy`, `Invoke`, ...) and how many of each. */
export type RequestCounts = Readonly<Record<string, number>>;

/** What an operation knows before a task runs: the same settings `run` would get. */
export interface TaskCostContext {
  readonly settings: OperationSettings;
  readonly crossEndpoint: boolean;
}

/** The calls one task makes, as its operation's `run` would make them. */
export interface TaskRequests {
  readonly requests: RequestCounts;
  /**
   * A call shared by many tasks: `DeleteObjects` takes up to `size` keys of one `group` (bucket
   * and request options), so n tasks of a group cost ceil(n / size) requests.
   */
  readonly batched?: { readonly request: string; readonly group: string; readonly size: number };
  /** Object bytes through this process (streamed copies, computed checksums). */
  readonly clientBytes?: number;
  /** The task's size is not known before it runs: bytes unknown, its calls assume a small object. */
  readonly sizeUnknown?: boolean;
  /** The calls depend on what a HEAD finds (stored checksum, encryption already set): an upper bound. */
  readonly upperBound?: boolean;
}

/** A validated operation, ready to run tasks. */
export interface Operation {
  readonly name: OperationName;
  /** The validated spec, as it is persisted with the job. */
  readonly spec: unknown;
  /**
   * Turn a manifest entry into tasks. Object entries give one task by default; sync expands a
   * prefix entry into the copies and deletes a listing diff calls for: ids `<line>:<key>`, in
   * strictly ascending S3 key order, so a resume can continue after the last task it planned.
   */
  expand?(
    entry: ManifestEntry,
    context: OperationContext,
    options?: ExpandOptions,
  ): AsyncIterable<Task>;
  /**
   * The calls `run` would make for this task, without making them (`s3bulk plan`'s estimate).
   * Absent: the operation cannot say (its calls depend on remote state); the estimate says so.
   */
  requestsOf?(task: Task, context: TaskCostContext): TaskRequests;
  /** Run one task. Throws on failure (a `TaskFailure`, or an SDK error the engine classifies). */
  run(task: Task, context: OperationContext): Promise<TaskOutcome>;
}

/** How an operation is parsed from its JSON. */
export interface OperationDefinition<TSpec = unknown> {
  readonly name: OperationName;
  /** Validate the value under the operation's key; throws `OperationSpecError` naming the field. */
  parse(value: unknown): TSpec;
  create(spec: TSpec): Operation;
}
