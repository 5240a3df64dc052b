/** How S3 bills a request: the request classes of its pricing page, plus Lambda's Invoke. */
export type RequestType = 'LIST' | 'COPY' | 'PUT' | 'POST' | 'GET' | 'HEAD' | 'DELETE' | 'LAMBDA';

/** The request price each type is billed at. */
export type PriceTier = 'write' | 'read' | 'free' | 'lambda';

/** Prices of one region in USD; `null` where no published figure was found (see the notes). */
export interface RegionPrices {
  /** S3 Standard PUT, COPY, POST, LIST requests, per 1,000. */
  readonly s3WritePer1000: number | null;
  /** S3 Standard GET, HEAD and other requests, per 1,000. */
  readonly s3ReadPer1000: number | null;
  /** Fargate Linux/x86, per vCPU-hour. */
  readonly fargateVcpuHour: number | null;
  /** Fargate Linux/x86, per GB of memory per hour. */
  readonly fargateGbHour: number | null;
  /** Lambda x86, per million requests. */
  readonly lambdaPerMillionRequests: number | null;
  /** Lambda x86, per GB-second. */
  readonly lambdaGbSecond: number | null;
  /** S3 Batch Operations, per job. */
  readonly batchOperationsPerJob: number | null;
  /** S3 Batch Operations, per million objects processed. */
  readonly batchOperationsPerMillionObjects: number | null;
}

export interface PriceTable {
  /** When the figures were gathered (ISO date). */
  readonly date: string;
  readonly currency: 'USD';
  readonly sources: readonly string[];
  readonly notes: readonly string[];
  readonly regions: Readonly<Record<string, RegionPrices>>;
}

/** One priced part of running a job somewhere, `null` when the table has no figure for it. */
export interface PricePart {
  readonly name: string;
  readonly usd: number | null;
  /** What was counted: `12,000 requests`, `61 s x 1 vCPU`. */
  readonly basis: string;
}

export type ExecutorName = 'local' | 'aws-batch' | 's3-batch-operations';

export interface ExecutorPrice {
  readonly executor: ExecutorName;
  /** Sum of the parts that have a figure. */
  readonly usd: number;
  /** True when some part has no figure: `usd` is then a lower bound. */
  readonly incomplete: boolean;
  readonly parts: readonly PricePart[];
  /** Why this executor cannot run the job, when it cannot (no price then). */
  readonly unavailable?: string;
}

/** What a job will ask of AWS, counted from its plan, and what that costs where it runs. */
export interface JobEstimate {
  readonly tasks: number;
  /** Calls by API name (`CopyObject`, `UploadPartCopy`, `ListObjectsV2`, `Invoke`, ...). */
  readonly requests: Readonly<Record<string, number>>;
  /** The same calls by billing type (LIST, COPY, PUT, POST, GET, HEAD, DELETE, LAMBDA). */
  readonly requestsByType: Readonly<Record<RequestType, number>>;
  readonly bytes: {
    /** Sum of the sizes of the objects the tasks touch (known sizes only). */
    readonly objects: number;
    /** Object bytes through this process (streamed copies, computed checksums). */
    readonly client: number;
    /** Tasks whose size is unknown before they run: bytes unknown for them. */
    readonly unknownSizes: number;
  };
  /** Tasks whose operation cannot say its calls before it runs (priced without them). */
  readonly unestimatedTasks: number;
  /** The calls assume the most work an operation can do (a checksum S3 has not stored). */
  readonly upperBound: boolean;
  readonly priceTable: { readonly date: string; readonly region: string; readonly currency: 'USD' };
  /** Per executor; empty when the region is not in the table (see `notes`). */
  readonly executors: readonly ExecutorPrice[];
  readonly notes: readonly string[];
}
