import { GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import { startRecordingProxy, useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { parseOperation } from '../../src/operations/registry.js';
import { createS3Client } from '../../src/s3/client.js';
import { contextFor, taskFor } from './ops-fixtures.js';

// Keys that a path normaliser would change: dot segments, empty segments, a leading slash,
// trailing spaces. s3bulk must copy and tag each as itself: the key S3 stores is the key the
// manifest named, byte for byte, and the request path on the wire encodes it unchanged.
const KEYS = ['../../etc/passwd', 'a/../b', 'a/./b', 'a//b', '/leading', 'trailing  ', '. /..'];

/** The key a path-style request names, decoded (`/<bucket>/<key>?...`). */
function keyOfPath(path: string, bucket: string): string {
  const bare = path.split('?')[0] ?? '';
  return decodeURIComponent(bare.slice(bucket.length + 2));
}

describe('keys with dot segments, double slashes, a leading slash and trailing spaces', () => {
  const emulator = useEmulator();

  it('are copied and tagged as themselves: destination keys equal byte for byte', async () => {
    // Prepare
    const proxy = await startRecordingProxy(emulator.info.endpoint);
    const s3 = createS3Client({ ...emulator.clientOptions(), endpointUrl: proxy.url });
    const src = await emulator.createBucket('keys-src');
    const dst = await emulator.createBucket('keys-dst');
    await emulator.putObjects(src, Object.fromEntries(KEYS.map((k) => [k, `body of ${k}`])));
    const context = { ...contextFor(emulator), s3: { source: s3, destination: s3 } };
    const copy = parseOperation({ S3PutObjectCopy: { TargetResource: `arn:aws:s3:::${dst}` } });
    const tag = parseOperation({ S3PutObjectTagging: { TagSet: [{ Key: 'seen', Value: 'yes' }] } });

    // Act
    for (const [i, key] of KEYS.entries()) {
      await copy.run(taskFor({ bucket: src, key }, i + 1), context);
      await tag.run(taskFor({ bucket: dst, key }, i + 1), context);
    }
    s3.destroy();
    await proxy.stop();

    // Assess: on the wire, each request named the key unchanged...
    const copied = proxy.requests
      .filter((r) => r.bucket === dst && 'x-amz-copy-source' in r.headers)
      .map((r) => keyOfPath(r.path, dst));
    const tagged = proxy.requests
      .filter((r) => r.bucket === dst && r.method === 'PUT' && /[?&]tagging/.test(r.path))
      .map((r) => keyOfPath(r.path, dst));
    expect(copied).toEqual(KEYS);
    expect(tagged).toEqual(KEYS);
    // ...and S3 holds each one as itself, with its body and its tag.
    const stored = await emulator.listKeys(dst);
    expect(stored.map((k) => Buffer.from(k).toString('hex')).sort()).toEqual(
      KEYS.map((k) => Buffer.from(k).toString('hex')).sort(),
    );
    for (const key of KEYS) {
      expect(await emulator.getText(dst, key)).toBe(`body of ${key}`);
      const tags = await emulator.s3.send(new GetObjectTaggingCommand({ Bucket: dst, Key: key }));
      expect(tags.TagSet).toEqual([{ Key: 'seen', Value: 'yes' }]);
    }
  });
});
