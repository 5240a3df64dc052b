import { createRequire } from 'node:module';
import type * as Sts from '@aws-sdk/nested-clients/sts';
import { ENV } from '@s3bulk/core';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clientsFromEnv, DESTINATION_ROLE_SESSION } from './clients-from-env.js';

// fromTemporaryCredentials calls STS through the SDK's internal client, loaded with require():
// mock that very class (an import would load its ESM twin, which the provider never uses).
const { STSClient, AssumeRoleCommand } = createRequire(import.meta.url)(
  '@aws-sdk/nested-clients/sts',
) as typeof Sts;
const sts = mockClient(STSClient);

const ROLE = 'arn:aws:iam::444455556666:role/s3bulk-destination';
const ASSUMED = {
  AccessKeyId: 'ASIAASSUMED',
  SecretAccessKey: 'assumed-secret',
  SessionToken: 'assumed-token',
  Expiration: new Date(Date.now() + 3600_000),
};

async function keyOf(client: { config: { credentials: () => Promise<{ accessKeyId: string }> } }) {
  return (await client.config.credentials()).accessKeyId;
}

describe('batch-lambda: clients from the environment', () => {
  beforeEach(() => {
    sts.reset();
    sts.on(AssumeRoleCommand).resolves({ Credentials: ASSUMED });
    // The function's own credentials, as the Lambda runtime provides them.
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAFUNCTION');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'function-secret');
    vi.stubEnv('AWS_SESSION_TOKEN', '');
  });
  afterEach(() => vi.unstubAllEnvs());

  it('shares one client and copies server-side when nothing sets the destination apart', () => {
    // Act
    const clients = clientsFromEnv({ [ENV.awsRegion]: 'eu-west-1' });

    // Assess
    expect(clients.destination).toBe(clients.source);
    expect(clients.crossEndpoint).toBe(false);
    expect(sts.calls()).toHaveLength(0);
  });

  it('a destination role gives assumed-role credentials to the destination client only', async () => {
    // Act
    const clients = clientsFromEnv({
      [ENV.awsRegion]: 'eu-west-1',
      [ENV.destinationRoleArn]: ROLE,
    });
    const destinationKey = await keyOf(clients.destination);
    const sourceKey = await keyOf(clients.source);

    // Assess
    expect(clients.destination).not.toBe(clients.source);
    expect(clients.crossEndpoint).toBe(true);
    expect(destinationKey).toBe('ASIAASSUMED');
    expect(sourceKey).toBe('AKIAFUNCTION');
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toEqual({
      RoleArn: ROLE,
      RoleSessionName: DESTINATION_ROLE_SESSION,
    });
    expect(await clients.destination.config.region()).toBe('eu-west-1');
  });

  it('a destination endpoint streams copies to a client of that endpoint, with no role', async () => {
    // Act
    const clients = clientsFromEnv({
      [ENV.awsRegion]: 'us-east-1',
      [ENV.awsEndpointUrl]: 'http://127.0.0.1:9000',
      [ENV.destinationEndpointUrl]: 'http://other.example:9000',
      [ENV.destinationRegion]: 'us-west-2',
    });

    // Assess
    expect(clients.crossEndpoint).toBe(true);
    const endpoint = await clients.destination.config.endpoint?.();
    expect(endpoint?.hostname).toBe('other.example');
    expect(await clients.destination.config.region()).toBe('us-west-2');
    expect(await keyOf(clients.destination)).toBe('AKIAFUNCTION');
    expect(sts.calls()).toHaveLength(0);
  });

  it('a destination region alone keeps server-side copies (S3 copies across regions)', async () => {
    // Act
    const clients = clientsFromEnv({
      [ENV.awsRegion]: 'us-east-1',
      [ENV.destinationRegion]: 'ap-southeast-2',
    });

    // Assess
    expect(clients.destination).not.toBe(clients.source);
    expect(clients.crossEndpoint).toBe(false);
    expect(await clients.destination.config.region()).toBe('ap-southeast-2');
    expect(await clients.source.config.region()).toBe('us-east-1');
  });
});
