import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSdk } from '../config/load-sdk.js';
import { createS3Client } from './client.js';
import { S3RequestSigner } from './sigv4.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
// The SDK client's own hash (node:crypto); its members are there once the SDK is loaded.
await loadSdk('s3');
const sha256 = createS3Client({ region: 'us-east-1' }).config.sha256;
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Header values with the whitespace SigV4 folds: spaces, tabs, runs, unicode spaces, ends. */
const headerValue = fc
  .array(fc.constantFrom('a', 'Z', '9', '/', '%', '=', ' ', '  ', '\t', '\u00a0', '\u2003'), {
    minLength: 1,
    maxLength: 24,
  })
  .map((parts) => parts.join(''))
  .filter((value) => value.trim().length > 0);

describe('s3: SigV4 signer', () => {
  it('signs any header values exactly as @smithy/signature-v4 does (property)', async () => {
    await fc.assert(
      fc.asyncProperty(headerValue, headerValue, async (tagging, owner) => {
        // Prepare
        const now = new Date('2026-12-01T10:00:00Z');
        const headers: Record<string, string> = {
          host: '127.0.0.1:9000',
          'x-amz-content-sha256': EMPTY_SHA256,
          'x-amz-copy-source': '/src/a%20b',
          'x-amz-tagging': tagging,
          'x-amz-expected-bucket-owner': owner,
        };
        const reference = new SignatureV4({
          service: 's3',
          region: 'us-east-1',
          credentials,
          sha256,
          uriEscapePath: false,
        });

        // Act
        const ours = { ...headers };
        new S3RequestSigner('us-east-1').sign(
          'PUT',
          '/dst/k',
          'x-id=CopyObject',
          ours,
          credentials,
          now,
        );
        const theirs = await reference.sign(
          {
            method: 'PUT',
            protocol: 'http:',
            hostname: '127.0.0.1',
            path: '/dst/k',
            query: { 'x-id': 'CopyObject' },
            headers: { ...headers },
          },
          { signingDate: now, signableHeaders: new Set(Object.keys(headers)) },
        );

        // Assess
        const signature = (auth: unknown) => /Signature=(\w+)/.exec(String(auth))?.[1];
        expect(signature(ours.authorization)).toBe(signature(theirs.headers.authorization));
      }),
      { numRuns: 200 },
    );
  });
});
