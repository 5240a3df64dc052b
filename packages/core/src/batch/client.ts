import { BatchClient } from '@aws-sdk/client-batch';

export interface BatchClientOptions {
  readonly region?: string;
  /** A custom endpoint (an emulator). */
  readonly endpointUrl?: string;
}

/** An AWS Batch client for the edges to build and pass to `submitAwsBatchJob` and friends. */
export function createBatchClient(options: BatchClientOptions = {}): BatchClient {
  return new BatchClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
  });
}
