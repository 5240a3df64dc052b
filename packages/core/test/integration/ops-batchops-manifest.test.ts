import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { locateManifest } from '../../src/executors/s3-batch-operations/manifest-location.js';
import { uploadLocalManifest } from '../../src/manifest/upload-manifest.js';

const emulator = useEmulator();

describe('manifest: upload and location', () => {
  it('uploads a local manifest under the prefix and returns its ETag', async () => {
    // Prepare
    const bucket = await emulator.createBucket('bom');
    const dir = await mkdtemp(join(tmpdir(), 's3bulk-bo-'));
    const path = join(dir, 'tag.csv');
    const body = 'photos,a%20b.jpg\nphotos,c.jpg\n';
    await writeFile(path, body);

    // Act
    const stored = await uploadLocalManifest(path, {
      s3: emulator.s3,
      destination: `s3://${bucket}/manifests`,
    });
    const located = await locateManifest(emulator.s3, `s3://${bucket}/manifests/tag.csv`);

    // Assess
    expect(stored).toEqual({
      bucket,
      key: 'manifests/tag.csv',
      etag: createHash('md5').update(body).digest('hex'),
    });
    expect(located).toEqual(stored);
    expect(await emulator.getText(bucket, 'manifests/tag.csv')).toBe(body);
  });

  it('a missing local manifest is a ConfigError naming it', async () => {
    await expect(
      uploadLocalManifest('/nonexistent/m.csv', {
        s3: emulator.s3,
        destination: 's3://any-bucket/x',
      }),
    ).rejects.toThrow(/--manifest \/nonexistent\/m.csv: cannot read it/);
  });
});
