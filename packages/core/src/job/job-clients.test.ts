import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { createSideConfig } from '../s3/side-config.js';
import { assertCredentialsFound } from './job-clients.js';

const keys = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const refused = () => Promise.reject(new Error('Could not load credentials from any providers'));

describe('assertCredentialsFound', () => {
  it('passes when every side resolves its credentials, and the side keeps them', async () => {
    // Prepare
    let calls = 0;
    const side = createSideConfig({
      region: 'us-east-1',
      credentials: () => {
        calls += 1;
        return Promise.resolve(keys);
      },
    });

    // Act
    await assertCredentialsFound({ config: { source: side, destination: side } });
    const later = await side.credentials();

    // Assess: the first request does not resolve them again.
    expect(later).toEqual(keys);
    expect(calls).toBe(1);
  });

  it('fails once with a ConfigError that says what to set, naming the side when the two differ', async () => {
    // Prepare
    const source = createSideConfig({ region: 'us-east-1', credentials: keys });
    const destination = createSideConfig({ region: 'us-east-1', credentials: refused });

    // Act
    const error = await assertCredentialsFound({ config: { source, destination } }).catch(
      (e: unknown) => e,
    );
    const same = await assertCredentialsFound({
      config: { source: destination, destination },
    }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({
      code: 'NoCredentials',
      message: expect.stringMatching(
        /^no AWS credentials for the destination: Could not load credentials from any providers\. Set AWS_ACCESS_KEY_ID/,
      ),
    });
    expect((same as Error).message).toMatch(/^no AWS credentials: Could not load/);
  });
});
