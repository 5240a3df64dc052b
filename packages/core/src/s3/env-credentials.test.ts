import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { environmentCredentials } from './env-credentials.js';
import { createSideConfig } from './side-config.js';

/** No config files, no instance or container metadata: only the environment can answer. */
const empty = mkdtempSync(join(tmpdir(), 's3bulk-env-credentials-'));
const ISOLATED = {
  HOME: empty,
  AWS_CONFIG_FILE: join(empty, 'config'),
  AWS_SHARED_CREDENTIALS_FILE: join(empty, 'credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
};
const NAMES = [
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_CREDENTIAL_SCOPE',
  'AWS_ACCOUNT_ID',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
] as const;

const CASES: Record<string, Partial<Record<(typeof NAMES)[number], string>>> = {
  'both keys': { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' },
  'keys and every optional field': {
    AWS_ACCESS_KEY_ID: 'AKID',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_SESSION_TOKEN: 'token',
    AWS_CREDENTIAL_EXPIRATION: '2031-01-02T03:04:05Z',
    AWS_CREDENTIAL_SCOPE: 'us-east-1',
    AWS_ACCOUNT_ID: '123456789012',
  },
  'an empty session token': {
    AWS_ACCESS_KEY_ID: 'AKID',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_SESSION_TOKEN: '',
  },
  'no secret': { AWS_ACCESS_KEY_ID: 'AKID' },
  'an empty key': { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: 'secret' },
  'keys and AWS_PROFILE': {
    AWS_PROFILE: 'other',
    AWS_ACCESS_KEY_ID: 'AKID',
    AWS_SECRET_ACCESS_KEY: 'secret',
  },
  nothing: {},
};

function stub(values: Partial<Record<(typeof NAMES)[number], string>>): void {
  for (const [name, value] of Object.entries(ISOLATED)) vi.stubEnv(name, value);
  for (const name of NAMES) vi.stubEnv(name, values[name] ?? undefined);
}

/** The SDK's default chain in the same environment, without its `$source` bookkeeping. */
async function sdkAnswer(): Promise<unknown> {
  // Its warning when AWS_PROFILE and the keys are both set goes to this logger.
  const logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
  };
  try {
    const { $source: _source, ...credentials } = (await defaultProvider({
      logger,
    })()) as AwsCredentialIdentity & { $source?: unknown };
    return credentials;
  } catch {
    return undefined;
  }
}

describe('environmentCredentials', () => {
  afterEach(() => vi.unstubAllEnvs());

  it.each(Object.keys(CASES))('answers as the SDK default chain does with %s', async (name) => {
    // Prepare
    stub(CASES[name]!);

    // Act
    const ours = environmentCredentials(process.env);

    // Assess
    expect(ours).toEqual(await sdkAnswer());
  });

  it('is what a side without a profile resolves, read when first asked', async () => {
    // Prepare
    stub({});
    const side = createSideConfig({ region: 'us-east-1' });
    stub(CASES['both keys']!);

    // Act
    const credentials = await side.credentials();

    // Assess
    expect(credentials).toEqual({ accessKeyId: 'AKID', secretAccessKey: 'secret' });
  });

  it('is not asked when the side names a profile', async () => {
    // Prepare
    stub(CASES['both keys']!);
    const side = createSideConfig({ region: 'us-east-1', profile: 'missing' });

    // Act
    const outcome = await side.credentials().catch((error: unknown) => error);

    // Assess
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toMatch(/missing/);
  });
});
