import type { BatchClient } from '@aws-sdk/client-batch';
import { loadSdk } from '../../config/load-sdk.js';

export interface BatchClientOptions {
  readonly region?: string;
  /** A custom endpoint (an emulator). */
  readonly endpointUrl?: string;
}

/** An AWS Batch client for the edges to build and pass to `submitAwsBatchJob` and friends. */
export async function createBatchClient(options: BatchClientOptions = {}): Promise<BatchClient> {
  const { BatchClient } = await loadSdk('batch');
  return new BatchClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
  });
}
