import type { AwsSettings } from '../../config/types.js';
import { loadSdk } from '../../config/load-sdk.js';
import { ConfigError } from '../../errors.js';

const ACCOUNT_ID = /^\d{12}$/;

/**
 * The account that owns S3 Batch Operations jobs: the one given (checked), else the caller's, from
 * STS GetCallerIdentity in the job's region and STS endpoint (`AWS_ENDPOINT_URL_STS` otherwise).
 * `flag` names where a given id came from, so the message says what to fix.
 */
export async function resolveAccountId(
  given: string | undefined,
  aws: Pick<AwsSettings, 'region' | 'endpoints'>,
  flag = '--account-id',
): Promise<string> {
  if (given !== undefined) {
    if (!ACCOUNT_ID.test(given)) {
      throw new ConfigError(`${flag} "${given}" must be a 12-digit AWS account id`);
    }
    return given;
  }
  const { GetCallerIdentityCommand, STSClient } = await loadSdk('sts');
  const sts = new STSClient({
    ...(aws.region ? { region: aws.region } : {}),
    ...(aws.endpoints?.sts ? { endpoint: aws.endpoints.sts } : {}),
  });
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    if (!out.Account) throw new ConfigError('STS GetCallerIdentity returned no account');
    return out.Account;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(
      `cannot find the account id (STS GetCallerIdentity failed: ${(error as Error).message}); pass ${flag}`,
      { cause: error },
    );
  } finally {
    sts.destroy();
  }
}
