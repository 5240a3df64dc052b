import {
  ConfigError,
  ENV,
  type AwsSettings,
  type EngineSettings,
  type JobSpecDraft,
  type OperationSettings,
} from '@s3bulk/core';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * What the function's environment says about its job, in the job file's own terms: how to reach
 * S3 (`aws`), the engine's attempts per task, operation sizes, and the default Operation JSON.
 */
export interface HandlerSpec extends Pick<JobSpecDraft, 'aws' | 'engine' | 'operationSettings'> {
  /** `S3BULK_OPERATION`: a schema 2.0 job's `UserArguments.operation` wins over it. */
  readonly operation?: string;
}

/** The standard per-service endpoint variable of STS, as the SDKs name it. */
const STS_ENDPOINT = 'AWS_ENDPOINT_URL_STS';

function text(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function positive(env: Env, name: string, unit: string): number | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new ConfigError(`${name}="${raw}" must be a positive whole number of ${unit}`);
  }
  return value;
}

/**
 * The handler's spec from its environment (names shared with the CDK app through `ENV`). The
 * source owner is checked only when `S3BULK_EXPECTED_SOURCE_BUCKET_OWNER` is set, as in the CLI
 * and the worker: it is not taken from the destination's.
 */
export function specFromEnv(env: Env): HandlerSpec {
  const region = text(env, ENV.awsRegion);
  const endpointUrl = text(env, ENV.awsEndpointUrl);
  const destinationRoleArn = text(env, ENV.destinationRoleArn);
  // The destination role is assumed through STS at the function's own endpoint, if it has one.
  const sts = text(env, STS_ENDPOINT) ?? endpointUrl;
  const aws: AwsSettings = {
    ...(region ? { region } : {}),
    ...(endpointUrl ? { endpointUrl } : {}),
    ...optional('destinationEndpointUrl', text(env, ENV.destinationEndpointUrl)),
    ...optional('destinationRegion', text(env, ENV.destinationRegion)),
    ...(destinationRoleArn ? { destinationRoleArn } : {}),
    ...optional('expectedBucketOwner', text(env, ENV.expectedBucketOwner)),
    ...optional('expectedSourceBucketOwner', text(env, ENV.expectedSourceBucketOwner)),
    ...(destinationRoleArn && sts ? { endpoints: { sts } } : {}),
  };
  const maxAttempts = positive(env, ENV.maxAttempts, 'attempts');
  const multipartThreshold = positive(env, ENV.multipartThreshold, 'bytes');
  const partSize = positive(env, ENV.partSize, 'bytes');
  const engine: Partial<EngineSettings> = maxAttempts ? { maxAttempts } : {};
  const operationSettings: Partial<OperationSettings> = {
    ...(multipartThreshold ? { multipartThreshold } : {}),
    ...(partSize ? { partSize } : {}),
  };
  const operation = text(env, ENV.operation);
  return { aws, engine, operationSettings, ...(operation ? { operation } : {}) };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
