import { ConfigError, DEFAULT_OPERATION_SETTINGS, ENV, type OperationSettings } from '@s3bulk/core';

function bytes(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new ConfigError(`${name}="${raw}" must be a positive whole number of bytes`);
  }
  return value;
}

/** Operation settings from the function's environment (names shared with the CDK app). */
export function settingsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): OperationSettings {
  const multipartThreshold = bytes(env, ENV.multipartThreshold);
  const partSize = bytes(env, ENV.partSize);
  const owner = env[ENV.expectedBucketOwner];
  // The source owner defaults to the destination's: one account is the common case.
  const sourceOwner = env[ENV.expectedSourceBucketOwner] || owner;
  return {
    ...DEFAULT_OPERATION_SETTINGS,
    ...(multipartThreshold ? { multipartThreshold } : {}),
    ...(partSize ? { partSize } : {}),
    ...(owner ? { expectedBucketOwner: owner } : {}),
    ...(sourceOwner ? { expectedSourceBucketOwner: sourceOwner } : {}),
  };
}
