import { afterEach, describe, expect, it, vi } from 'vitest';
import { localstackUnavailableReason } from './localstack.js';
import { resolveEmulator } from './resolve.js';

describe('testing: emulator resolution', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('uses S3BULK_TEST_ENDPOINT first and starts nothing', async () => {
    // Prepare
    vi.stubEnv('S3BULK_TEST_ENDPOINT', 'http://localhost:4566/');
    const lines: string[] = [];

    // Act
    const handle = await resolveEmulator((l) => lines.push(l));

    // Assess
    expect(handle.info).toMatchObject({ kind: 'external', endpoint: 'http://localhost:4566' });
    expect(lines[0]).toContain('S3BULK_TEST_ENDPOINT');
    await handle.stop();
  });

  it('says why LocalStack cannot run without an auth token', async () => {
    vi.stubEnv('LOCALSTACK_AUTH_TOKEN', '');
    expect(await localstackUnavailableReason()).toBe('LOCALSTACK_AUTH_TOKEN is not set');
  });
});
