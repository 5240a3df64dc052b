import { openControlPlane, type ControlPlane } from '@s3bulk/core';
import { S3BulkCommand } from '../base-command.js';

interface AwsFlags {
  'endpoint-url'?: string | undefined;
  region?: string | undefined;
}

/**
 * What `s3bulk submit` and `s3bulk jobs ...` share: core's control-plane clients (AWS Batch, and
 * S3 for manifests and checkpoints at `--endpoint-url`) from the common AWS flags. AWS Batch
 * follows the SDK's `AWS_ENDPOINT_URL_BATCH`/`AWS_ENDPOINT_URL`. Callers destroy it when done.
 */
export abstract class AwsBatchCommand extends S3BulkCommand {
  protected controlPlane(flags: AwsFlags): ControlPlane {
    return openControlPlane({ aws: this.awsSettings(flags) });
  }
}
