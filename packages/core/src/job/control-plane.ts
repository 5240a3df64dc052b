import type { BatchClient } from '@aws-sdk/client-batch';
import type { S3Client } from '@aws-sdk/client-s3';
import type { S3ControlClient } from '@aws-sdk/client-s3-control';
import type { AwsSettings } from '../config/types.js';
import { createBatchClient } from '../executors/aws-batch/client.js';
import { resolveAccountId } from '../executors/s3-batch-operations/caller-account.js';
import { createS3ControlClient } from '../executors/s3-batch-operations/control-client.js';
import { createS3Client } from '../s3/client.js';
import { sideOf } from './job-clients.js';

export interface ControlPlaneOptions {
  /** The job's AWS settings: S3 (manifests, checkpoints, reports) is their source side. */
  readonly aws: AwsSettings;
  /**
   * S3 Control's endpoint (`s3bulk serve`, an emulator). Batch and S3 Control otherwise follow
   * the SDKs' own `AWS_ENDPOINT_URL_BATCH` / `AWS_ENDPOINT_URL_S3_CONTROL` / `AWS_ENDPOINT_URL`:
   * S3's endpoint is never theirs.
   */
  readonly s3ControlEndpointUrl?: string;
}

/**
 * The clients of the commands that hand a job to a service or ask about one (submit, jobs,
 * batchops), made on first use and closed together. Their SDK retries stay on: nothing above
 * them retries a control call.
 */
export interface ControlPlane {
  /** S3 on the job's source side: manifests, checkpoints and reports. */
  s3(): S3Client;
  batch(): Promise<BatchClient>;
  s3Control(): Promise<S3ControlClient>;
  /** The account that owns S3 Batch Operations jobs: `given` (checked), else the caller's. */
  accountId(given?: string): Promise<string>;
  destroy(): void;
}

export function openControlPlane(options: ControlPlaneOptions): ControlPlane {
  const { aws } = options;
  let s3: S3Client | undefined;
  let batch: Promise<BatchClient> | undefined;
  let control: Promise<S3ControlClient> | undefined;
  const region = aws.region ? { region: aws.region } : {};
  return {
    s3: () => (s3 ??= createS3Client(sideOf(aws, 'source'))),
    batch: () => (batch ??= createBatchClient(region)),
    s3Control: () =>
      (control ??= createS3ControlClient({
        ...region,
        ...(options.s3ControlEndpointUrl ? { endpointUrl: options.s3ControlEndpointUrl } : {}),
      })),
    accountId: (given) => resolveAccountId(given, aws),
    destroy() {
      s3?.destroy();
      void batch?.then((client) => client.destroy());
      void control?.then((client) => client.destroy());
    },
  };
}
