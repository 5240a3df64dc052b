import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startRecordingProxy, useEmulator, type RecordingProxy } from '@s3bulk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { reportRows, requireBuiltCli, runCli, tempDir, writeText } from './run-cli.js';

const SOURCE_KEY = 'AKIASOURCEPROFILE000';
const DESTINATION_KEY = 'AKIADESTPROFILE00000';

let proxy: RecordingProxy | undefined;
afterEach(async () => {
  await proxy?.stop();
  proxy = undefined;
});

/** The access key id a request was signed with (`Credential=<id>/<scope>`). */
function accessKeyOf(authorization: unknown): string | undefined {
  return /Credential=([^/]+)\//.exec(String(authorization ?? ''))?.[1];
}

describe('s3bulk run: --source-profile and --destination-profile', () => {
  const emulator = useEmulator();

  it('reads with the source profile, writes with the destination one, streaming the bytes', async () => {
    requireBuiltCli();
    // Prepare: two profiles in temporary shared files, S3 behind a proxy that records requests.
    proxy = await startRecordingProxy(emulator.info.endpoint);
    const src = await emulator.createBucket('profile-src');
    const dst = await emulator.createBucket('profile-dst');
    await emulator.putObjects(src, { 'a.txt': 'alpha', 'nested/b.txt': 'bravo' });
    const dir = await tempDir();
    const credentials = join(dir, 'credentials');
    await writeFile(
      credentials,
      `[reader]\naws_access_key_id = ${SOURCE_KEY}\naws_secret_access_key = s\n` +
        `[writer]\naws_access_key_id = ${DESTINATION_KEY}\naws_secret_access_key = d\n`,
    );
    const config = join(dir, 'config');
    await writeFile(
      config,
      `[profile reader]\nregion = us-east-1\n[profile writer]\nregion = us-east-1\n`,
    );
    const manifest = await writeText(dir, 'pairs.csv', `s3://${src}/,s3://${dst}/copy/\n`);
    const env = emulator.processEnv({
      AWS_ENDPOINT_URL: proxy.url,
      AWS_SHARED_CREDENTIALS_FILE: credentials,
      AWS_CONFIG_FILE: config,
    });
    // Only the profiles may sign: no credentials in the environment.
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;

    // Act
    const result = await runCli(
      [
        'run',
        '--manifest',
        manifest,
        '--source-profile',
        'reader',
        '--destination-profile',
        'writer',
        '--report',
        join(dir, 'r'),
        '--job-dir',
        join(dir, 'jobs'),
        '--json',
      ],
      env,
    );

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(await emulator.getText(dst, 'copy/a.txt')).toBe('alpha');
    expect(await emulator.getText(dst, 'copy/nested/b.txt')).toBe('bravo');
    const signers = new Map<string, Set<string | undefined>>();
    for (const request of proxy.requests) {
      const side = request.bucket === src ? 'source' : request.bucket === dst ? 'destination' : '';
      if (!side) continue;
      const seen = signers.get(side) ?? new Set();
      seen.add(accessKeyOf(request.headers.authorization));
      signers.set(side, seen);
    }
    expect(signers.get('source')).toEqual(new Set([SOURCE_KEY]));
    expect(signers.get('destination')).toEqual(new Set([DESTINATION_KEY]));
    // Two credentials cannot make one CopyObject: the bytes went GET -> PUT.
    const copies = proxy.requests.filter((r) => r.headers['x-amz-copy-source'] !== undefined);
    expect(copies).toEqual([]);
    const summary = JSON.parse(result.stdout) as { reportPath: string };
    const rows = await reportRows(summary.reportPath);
    expect(rows.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
  });
});
