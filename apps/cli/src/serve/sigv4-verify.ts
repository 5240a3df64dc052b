import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

import { ConfigError, S3RequestSigner } from '@s3bulk/core';
import { accessDenied, badRequest } from './errors.js';

/** The access keys the server accepts: key id -> secret. */
export type AccessKeys = ReadonlyMap<string, string>;

/** What the verifier needs of a request, as received. */
export interface ReceivedRequest {
  readonly method: string;
  /** The path as sent (still percent-encoded). */
  readonly path: string;
  /** The raw query string, without `?`. */
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** How far a request's `x-amz-date` may be from the server's clock, as S3 allows. */
const MAX_SKEW_MS = 15 * 60_000;

/** SigV4 (or V2) query authentication: a presigned URL. */
const PRESIGNED =
  /(?:^|&)(?:X-Amz-Signature|X-Amz-Credential|X-Amz-Algorithm|Signature|AWSAccessKeyId)=/i;

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

/**
 * Check a request's SigV4 signature by computing it again from what was received, with the
 * secret of the access key it names. Returns the access key id; throws the service's 403.
 */
export function verifySigV4(request: ReceivedRequest, keys: AccessKeys, now = new Date()): string {
  const authorization = header(request.headers, 'authorization');
  // Deliberately refused: a presigned URL is a bearer credential that leaks through logs and
  // history, and no S3 Control client needs one (the SDKs and CLI sign the header).
  if (PRESIGNED.test(request.query)) {
    throw accessDenied(
      'AccessDenied',
      authorization
        ? 'Only one auth mechanism allowed; only the Authorization header is accepted'
        : 'Query-string (presigned) authentication is not accepted by s3bulk serve: sign the Authorization header',
    );
  }
  if (!authorization) throw accessDenied('AccessDenied', 'Anonymous access is forbidden');
  const match = AUTHORIZATION.exec(authorization);
  if (!match) {
    throw accessDenied('AccessDenied', 'Only AWS4-HMAC-SHA256 Authorization headers are accepted');
  }
  const [, keyId, day, region, service, signedHeaders, signature] = match as unknown as string[];
  const secret = keys.get(keyId!);
  if (secret === undefined) {
    throw accessDenied(
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
    );
  }
  const amzDate = header(request.headers, 'x-amz-date') ?? '';
  const at = Date.parse(
    amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
  );
  if (!amzDate.startsWith(day!) || Number.isNaN(at)) {
    throw accessDenied('AccessDenied', 'x-amz-date is missing or does not match the credential');
  }
  if (Math.abs(now.getTime() - at) > MAX_SKEW_MS) {
    throw accessDenied(
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
    );
  }
  const bodyHash = createHash('sha256').update(request.body).digest('hex');
  const declared = header(request.headers, 'x-amz-content-sha256');
  if (declared && declared !== 'UNSIGNED-PAYLOAD' && declared !== bodyHash) {
    throw badRequest(
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }
  const names = signedHeaders!.split(';');
  const headers: Record<string, string> = {};
  for (const name of names) headers[name] = header(request.headers, name) ?? '';
  headers['x-amz-content-sha256'] = declared ?? bodyHash;
  const expected = new S3RequestSigner(region!, service!).signature(
    {
      method: request.method,
      path: request.path,
      query: canonicalQuery(request.query),
      headers,
      signedHeaders: names,
    },
    secret,
    amzDate,
  ).signature;
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature!))) {
    throw accessDenied(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
  }
  return keyId!;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

const encode = (text: string) =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** SigV4's canonical query: each name and value encoded RFC 3986 style, sorted. */
export function canonicalQuery(raw: string): string {
  if (!raw) return '';
  return raw
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      const name = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? '' : part.slice(eq + 1);
      return [encode(safeDecode(name)), encode(safeDecode(value))] as const;
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `ID:SECRET` pairs (from `--access-key` and the server's own credentials) as a key map. */
export function accessKeysOf(pairs: readonly string[]): Map<string, string> {
  const keys = new Map<string, string>();
  for (const pair of pairs) {
    const colon = pair.indexOf(':');
    if (colon <= 0 || colon === pair.length - 1) {
      throw new ConfigError(`access key "${pair.slice(0, 4)}..." must be ACCESS_KEY_ID:SECRET`);
    }
    keys.set(pair.slice(0, colon), pair.slice(colon + 1));
  }
  return keys;
}
