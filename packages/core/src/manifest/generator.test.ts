import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { generateManifest } from './generator.js';
import { keyProblem } from './key-encoding.js';
import { openManifest } from './open-manifest.js';

const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'us-east-1' });
const OWNER = '222222222222';

afterEach(() => s3Mock.reset());

async function keysOf(entries: AsyncIterable<{ kind: string; object?: { key: string } }>) {
  const keys: string[] = [];
  for await (const entry of entries) if (entry.object) keys.push(entry.object.key);
  return keys;
}

describe('manifest: generator', () => {
  it('sends ExpectedBucketOwner with every ListObjectsV2 page', async () => {
    // Prepare
    s3Mock
      .on(ListObjectsV2Command)
      .resolvesOnce({
        Contents: [{ Key: 'logs/a', Size: 1 }],
        IsTruncated: true,
        NextContinuationToken: 't',
      })
      .resolvesOnce({ Contents: [{ Key: 'logs/b', Size: 2 }], IsTruncated: false });

    // Act
    const keys = await keysOf(
      generateManifest(
        { format: 'generate', bucket: 'src-bucket', prefix: 'logs/' },
        { s3, expectedBucketOwner: OWNER },
      ),
    );

    // Assess
    expect(keys).toEqual(['logs/a', 'logs/b']);
    const calls = s3Mock.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input);
    expect(calls).toHaveLength(2);
    expect(calls.every((input) => input.ExpectedBucketOwner === OWNER)).toBe(true);
    expect(calls.map((input) => input.Bucket)).toEqual(['src-bucket', 'src-bucket']);
  });

  it('passes the owner through openManifest, and sends none when none is set', async () => {
    // Prepare
    s3Mock.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'k', Size: 1 }] });

    // Act
    await keysOf(
      openManifest(
        { format: 'generate', bucket: 'src-bucket' },
        { s3, expectedBucketOwner: OWNER },
      ),
    );
    await keysOf(openManifest({ format: 'generate', bucket: 'src-bucket' }, { s3 }));

    // Assess
    const owners = s3Mock
      .commandCalls(ListObjectsV2Command)
      .map((c) => c.args[0].input.ExpectedBucketOwner);
    expect(owners).toEqual([OWNER, undefined]);
  });

  it('yields every listed key unchanged, in order, across pages (property)', async () => {
    const key = fc
      .string({ unit: 'binary', minLength: 1, maxLength: 200 })
      .filter((k) => keyProblem(k) === undefined);
    await fc.assert(
      fc.asyncProperty(
        fc.array(key, { maxLength: 30 }),
        fc.integer({ min: 1, max: 7 }),
        async (keys, pageSize) => {
          // Prepare: S3 pages of pageSize keys.
          s3Mock.reset();
          const pages = [];
          for (let i = 0; i < keys.length || i === 0; i += pageSize)
            pages.push(keys.slice(i, i + pageSize));
          let mock = s3Mock.on(ListObjectsV2Command);
          pages.forEach((page, index) => {
            const last = index === pages.length - 1;
            mock = mock.resolvesOnce({
              Contents: page.map((k) => ({ Key: k, Size: 1 })),
              IsTruncated: !last,
              ...(last ? {} : { NextContinuationToken: `t${index}` }),
            });
          });

          // Act
          const listed = await keysOf(
            generateManifest({ format: 'generate', bucket: 'src-bucket' }, { s3 }),
          );

          // Assess
          expect(listed).toEqual(keys);
        },
      ),
      { numRuns: 100 },
    );
  });
});
