import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyProblem } from '../manifest/key-encoding.js';
import { decodeBatchKey, encodeBatchKey } from '../operations/lambda-event.js';
import { encodeKeyPath } from './url.js';

/** Keys S3 accepts: 1..1,024 UTF-8 bytes, any code point but NUL (lone surrogates excluded). */
const s3Key = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 400 })
  .filter((key) => keyProblem(key) === undefined);

// Characters that may stand unencoded in a request path (RFC 3986 unreserved, and `/`).
const PATH_SAFE = /^[A-Za-z0-9\-._~/%]*$/;

describe('s3: key codecs (properties)', () => {
  it('encodeKeyPath: any key becomes a path of safe characters that decodes to the same key', () => {
    fc.assert(
      fc.property(s3Key, (key) => {
        const path = encodeKeyPath(key);
        expect(path).toMatch(PATH_SAFE);
        expect(decodeURIComponent(path)).toBe(key);
        // Segments stay segments: only the key's own slashes separate them.
        expect(path.split('/').length).toBe(key.split('/').length);
      }),
      { numRuns: 500 },
    );
  });

  it('encodeBatchKey/decodeBatchKey: any key survives the S3 Batch Operations event round trip', () => {
    fc.assert(
      fc.property(s3Key, (key) => {
        const encoded = encodeBatchKey(key);
        expect(encoded).not.toContain(' ');
        expect(decodeBatchKey(encoded)).toBe(key);
      }),
      { numRuns: 500 },
    );
  });

  it('decodeBatchKey: a form-encoded key (spaces as +, a plus as %2B) decodes as the service means it', () => {
    fc.assert(
      fc.property(s3Key, (key) => {
        // How the service sends keys: URL encoding with `+` for spaces.
        const formEncoded = encodeURIComponent(key).replace(/%20/g, '+');
        expect(decodeBatchKey(formEncoded)).toBe(key);
      }),
      { numRuns: 500 },
    );
  });
});
