import { Flags } from '@oclif/core';
import { openControlPlane, type AwsSettings, type ControlPlane } from '@s3bulk/core';
import { S3BulkCommand } from '../base-command.js';

interface BatchOpsFlags {
  'endpoint-url'?: string | undefined;
  region?: string | undefined;
}

/**
 * What every `s3bulk batchops` command shares: the account that owns the jobs (`--account-id`,
 * else STS) and core's control-plane clients. They talk to AWS, or to the S3 Control endpoint
 * `--endpoint-url` names (as the AWS CLI's flag names its command's service); else the SDK reads
 * AWS_ENDPOINT_URL_S3_CONTROL, then AWS_ENDPOINT_URL.
 */
export abstract class BatchOpsCommand extends S3BulkCommand {
  static override baseFlags = {
    ...S3BulkCommand.baseFlags,
    'account-id': Flags.string({
      summary: 'AWS account that owns the jobs. Default: the caller, from STS GetCallerIdentity.',
      env: 'S3BULK_ACCOUNT_ID',
      helpGroup: 'AWS',
    }),
  };

  /** `aws`: the job's own settings, where the command reads or writes its S3 objects. */
  protected controlPlane(flags: BatchOpsFlags, aws?: AwsSettings): ControlPlane {
    return openControlPlane({
      aws: aws ?? (flags.region ? { region: flags.region } : {}),
      ...(flags['endpoint-url'] ? { s3ControlEndpointUrl: flags['endpoint-url'] } : {}),
    });
  }
}
