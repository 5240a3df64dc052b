import type { S3ControlClient } from '@aws-sdk/client-s3-control';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Flags } from '@oclif/core';
import { ConfigError, createS3ControlClient } from '@s3bulk/core';
import { S3BulkCommand } from '../base-command.js';

const ACCOUNT_ID = /^\d{12}$/;

/**
 * What every `s3bulk batchops` command shares: the account that owns the jobs and an S3 Control
 * client. They talk to AWS, or to the S3 Control endpoint `--endpoint-url` names.
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

  /**
   * An S3 Control client for `--region` and `--endpoint-url` (here the S3 Control endpoint, as the
   * AWS CLI's flag names its command's service); else the SDK reads AWS_ENDPOINT_URL_S3_CONTROL,
   * then AWS_ENDPOINT_URL.
   */
  protected controlClient(flags: {
    'endpoint-url'?: string | undefined;
    region?: string | undefined;
  }): Promise<S3ControlClient> {
    return createS3ControlClient({
      ...(flags.region ? { region: flags.region } : {}),
      ...(flags['endpoint-url'] ? { endpointUrl: flags['endpoint-url'] } : {}),
    });
  }

  /** `--account-id`, else the account of the credentials in use. */
  protected async accountId(flags: {
    'account-id'?: string | undefined;
    region?: string | undefined;
  }): Promise<string> {
    const given = flags['account-id'];
    if (given !== undefined) {
      if (!ACCOUNT_ID.test(given)) {
        throw new ConfigError(`--account-id "${given}" must be a 12-digit AWS account id`);
      }
      return given;
    }
    const sts = new STSClient({ ...(flags.region ? { region: flags.region } : {}) });
    try {
      const out = await sts.send(new GetCallerIdentityCommand({}));
      if (!out.Account) throw new ConfigError('STS GetCallerIdentity returned no account');
      return out.Account;
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError(
        `cannot find the account id (STS GetCallerIdentity failed: ${(error as Error).message}); pass --account-id`,
        { cause: error },
      );
    } finally {
      sts.destroy();
    }
  }
}
