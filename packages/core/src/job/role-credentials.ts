import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { loadSdk } from '../config/load-sdk.js';
import { S3BulkError } from '../errors.js';

/** Assumed credentials are renewed this long before they expire, as the SDK's own chain does. */
export const ROLE_REFRESH_MARGIN_MS = 5 * 60_000;

/** STS refused or could not be asked: the job must not fall back to the caller's credentials. */
export class AssumeRoleError extends S3BulkError {
  readonly roleArn: string;

  constructor(roleArn: string, message: string, code: string, options?: ErrorOptions) {
    super(message, code, options);
    this.roleArn = roleArn;
  }
}

export interface RoleCredentialsOptions {
  readonly roleArn: string;
  /** What CloudTrail shows for the session: 2 to 64 of `[\w+=,.@-]`. */
  readonly sessionName: string;
  /** STS's region. @default the SDK's region chain */
  readonly region?: string;
  /** A custom STS endpoint. @default the SDK's chain (`AWS_ENDPOINT_URL_STS`, ..., AWS) */
  readonly stsEndpoint?: string;
  /** @default Date.now */
  readonly now?: () => number;
  /** The AssumeRole call. @default STS through the SDK's `fromTemporaryCredentials` */
  readonly assume?: () => Promise<AwsCredentialIdentity>;
}

/**
 * A role's temporary credentials for every client of a job: one AssumeRole shared by all of them
 * (not one per client), renewed `ROLE_REFRESH_MARGIN_MS` before expiry. A failure is an
 * `AssumeRoleError` carrying STS's code, and is never cached: the next call asks again.
 */
export function assumeRoleCredentials(
  options: RoleCredentialsOptions,
): AwsCredentialIdentityProvider {
  const now = options.now ?? Date.now;
  const assume = options.assume ?? stsAssume(options);
  let current: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    const cached = current ? await current.catch(() => undefined) : undefined;
    const expiring =
      cached?.expiration !== undefined &&
      cached.expiration.getTime() - ROLE_REFRESH_MARGIN_MS <= now();
    if (!cached || expiring) {
      current = assume().catch((error: unknown) => {
        throw assumeRoleErrorOf(options.roleArn, error);
      });
    }
    return current!;
  };
}

function stsAssume(options: RoleCredentialsOptions): () => Promise<AwsCredentialIdentity> {
  let provider: Promise<AwsCredentialIdentityProvider> | undefined;
  return async () => {
    provider ??= loadSdk('credential-providers').then(({ fromTemporaryCredentials }) =>
      fromTemporaryCredentials({
        params: { RoleArn: options.roleArn, RoleSessionName: options.sessionName },
        clientConfig: {
          ...(options.region ? { region: options.region } : {}),
          ...(options.stsEndpoint ? { endpoint: options.stsEndpoint } : {}),
          maxAttempts: 3,
        },
      }),
    );
    return (await provider)();
  };
}

function assumeRoleErrorOf(roleArn: string, error: unknown): AssumeRoleError {
  if (error instanceof AssumeRoleError) return error;
  const cause = error as { name?: string; message?: string; $metadata?: unknown };
  // STS's own code (AccessDenied, ValidationError, ...) when it answered; else it was not reached.
  const code = cause.$metadata !== undefined && cause.name ? cause.name : 'AssumeRoleFailed';
  return new AssumeRoleError(
    roleArn,
    `Unable to assume role ${roleArn}: ${cause.message ?? String(error)}`,
    code,
    { cause: error },
  );
}
