import type { BatchClient } from '@aws-sdk/client-batch';
import type { S3Client } from '@aws-sdk/client-s3';
import { createBatchClient, createS3Client } from '@s3bulk/core';
import { S3BulkCommand } from '../base-command.js';

interface AwsFlags {
  'endpoint-url'?: string | undefined;
  region?: string | undefined;
}

/**
 * What `s3bulk submit` and `s3bulk jobs ...` share: an AWS Batch client and an S3 client (for
 * manifests and checkpoints) from the common AWS flags. Callers destroy them when done.
 */
export abstract class AwsBatchCommand extends S3BulkCommand {
  protected batchClient(flags: AwsFlags): Promise<BatchClient> {
    const aws = this.awsSettings(flags);
    return createBatchClient({
      ...(aws.region ? { region: aws.region } : {}),
      ...(aws.endpointUrl ? { endpointUrl: aws.endpointUrl } : {}),
    });
  }

  protected s3Client(flags: AwsFlags): S3Client {
    const aws = this.awsSettings(flags);
    return createS3Client({
      ...(aws.region ? { region: aws.region } : {}),
      ...(aws.endpointUrl ? { endpointUrl: aws.endpointUrl } : {}),
    });
  }
}
