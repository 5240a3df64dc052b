import type { AwsCredentialIdentity } from '@smithy/types';

/**
 * The first link of the SDK's default credential chain, answered without loading the chain:
 * `@aws-sdk/credential-provider-node` reaches `fromEnv` through `@aws-sdk/core` and most of
 * `@smithy/core` (about 370 KB of code to compile and keep), which was a tenth of a ten-object
 * job's CPU (docs/benchmarks.md, "Credentials from the environment"). The rule is the SDK's
 * (`defaultProvider` then `fromEnv`): no `AWS_PROFILE`, and both keys set. Anything else is left
 * to the chain, which then gives the same answer it always did.
 *
 * Read, like the region, through the SDK's config loader (`side-config.ts`), which hands the
 * environment in; the test holds the answer to the SDK's own.
 */
export function environmentCredentials(env: NodeJS.ProcessEnv): AwsCredentialIdentity | undefined {
  if (env.AWS_PROFILE) return undefined;
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  const sessionToken = env.AWS_SESSION_TOKEN;
  const expiry = env.AWS_CREDENTIAL_EXPIRATION;
  const credentialScope = env.AWS_CREDENTIAL_SCOPE;
  const accountId = env.AWS_ACCOUNT_ID;
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken ? { sessionToken } : {}),
    ...(expiry ? { expiration: new Date(expiry) } : {}),
    ...(credentialScope ? { credentialScope } : {}),
    ...(accountId ? { accountId } : {}),
  };
}
