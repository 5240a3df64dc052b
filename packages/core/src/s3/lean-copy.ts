import type { CopyObjectCommandInput, S3Client } from '@aws-sdk/client-s3';
import { loadSdk } from '../config/load-sdk.js';
import { pathStyleEndpoint } from './custom-endpoint.js';
import { sendLeanRequest, type Answer, type LeanRequestOptions } from './lean-request.js';
import { parseListAnswer, type ListAnswerOptions, type ListPage } from './list-answer.js';
import type { SideConfig } from './side-config.js';
import { S3ServiceError, xmlText } from './service-answer.js';
import { S3RequestSigner } from './sigv4.js';
import { encodeKeyPath } from './url.js';

/**
 * The hot path of a bulk copy: one CopyObject request per object. Through the SDK's middleware
 * stack a CopyObject costs about 1 ms of CPU here (schema serde, endpoint rules, retry and
 * checksum middleware, XML parsing), which caps a job at roughly 1,000 copies per second per core.
 * This path sends the same request with the SDK's endpoint resolution (on a custom endpoint, the
 * same path-style URL without loading the SDK: `custom-endpoint.ts`), the side's credentials and
 * a SigV4 signer over a keep-alive pool, and reads only the ETag or the error from the answer.
 *
 * It takes only plain requests: a field outside {@link LEAN_HEADERS} (new metadata, dates),
 * an endpoint that is not plain SigV4 for `s3` (S3 Express directory buckets, multi-region access
 * points), or a client s3bulk did not create falls back to the SDK. Errors look like the SDK's (`name` = S3's error code,
 * `$metadata.httpStatusCode`), so the engine classifies both alike.
 */

/** CopyObject fields the lean path sends, and their headers (as the SDK serializes them). */
export const LEAN_HEADERS: Readonly<Record<string, string>> = {
  CopySource: 'x-amz-copy-source',
  MetadataDirective: 'x-amz-metadata-directive',
  TaggingDirective: 'x-amz-tagging-directive',
  Tagging: 'x-amz-tagging',
  ExpectedSourceBucketOwner: 'x-amz-source-expected-bucket-owner',
  ExpectedBucketOwner: 'x-amz-expected-bucket-owner',
  StorageClass: 'x-amz-storage-class',
  ACL: 'x-amz-acl',
  GrantFullControl: 'x-amz-grant-full-control',
  GrantRead: 'x-amz-grant-read',
  GrantReadACP: 'x-amz-grant-read-acp',
  GrantWriteACP: 'x-amz-grant-write-acp',
  RequestPayer: 'x-amz-request-payer',
  ServerSideEncryption: 'x-amz-server-side-encryption',
  SSEKMSKeyId: 'x-amz-server-side-encryption-aws-kms-key-id',
  BucketKeyEnabled: 'x-amz-server-side-encryption-bucket-key-enabled',
  ChecksumAlgorithm: 'x-amz-checksum-algorithm',
  ObjectLockLegalHoldStatus: 'x-amz-object-lock-legal-hold',
  ObjectLockMode: 'x-amz-object-lock-mode',
  WebsiteRedirectLocation: 'x-amz-website-redirect-location',
};

/** SHA-256 of an empty body: CopyObject sends none. */
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** The socket pool (the side's SDK client's: one pool per side) and timeouts. */
export type LeanCopyOptions = LeanRequestOptions;

/** The ListObjectsV2 fields the lean path sends (one page, no delimiter). */
export interface LeanListInput {
  readonly Bucket: string;
  readonly Prefix?: string;
  readonly ContinuationToken?: string;
  readonly StartAfter?: string;
  readonly MaxKeys?: number;
  readonly ExpectedBucketOwner?: string;
  readonly RequestPayer?: 'requester';
}

/** What a copy returned. */
export interface LeanCopyResult {
  readonly etag?: string;
  readonly versionId?: string;
}

interface ResolvedTarget {
  readonly url: URL;
  readonly host: string;
  /** The endpoint's path with a trailing `/`: the key (path-style: the bucket) follows. */
  readonly base: string;
  readonly signer: S3RequestSigner;
  readonly headers: Record<string, string>;
}

export class LeanCopier {
  readonly #client: S3Client;
  readonly #config: SideConfig;
  readonly #options: LeanCopyOptions;
  readonly #targets = new Map<string, Promise<ResolvedTarget | undefined>>();
  readonly #ready = new Map<string, ResolvedTarget>();

  /** `client` is asked only for the endpoints `pathStyleEndpoint` leaves to the SDK's rules. */
  constructor(client: S3Client, config: SideConfig, options: LeanCopyOptions) {
    this.#client = client;
    this.#config = config;
    this.#options = options;
  }

  /**
   * Copy with the lean path, or return `undefined` when this request needs the SDK (a field it
   * does not send, an auth scheme other than SigV4): the caller then sends it through the SDK.
   */
  async copyObject(
    input: CopyObjectCommandInput,
    signal?: AbortSignal,
  ): Promise<LeanCopyResult | undefined> {
    if (!input.Bucket || input.Key === undefined) return undefined;
    // A bucket's target is resolved once; later copies to it take it without a promise.
    const target = this.#ready.get(input.Bucket) ?? (await this.#target(input.Bucket));
    if (!target) return undefined;
    const headers = copyHeaders(input, target);
    if (!headers) return undefined;
    const path = `${target.base}${encodeKeyPath(input.Key)}`;
    const config = this.#config;
    const credentials = await config.credentials();
    const offset = config.systemClockOffset;
    // The SDK names the operation in the query string; S3 ignores it, logs show it.
    const query = 'x-id=CopyObject';
    target.signer.sign('PUT', path, query, headers, credentials, new Date(Date.now() + offset));
    const answer = await this.#send('PUT', target.url, `${path}?${query}`, headers, signal);
    if (answer.status >= 300 && answer.date) correctClockSkew(config, answer.date);
    return parseCopyAnswer(answer);
  }

  /**
   * One ListObjectsV2 page through the lean path (keys asked URL-encoded, read by a scan of the
   * page), or `undefined` when the request needs the SDK: a field it does not send, an endpoint
   * that is not plain SigV4.
   */
  async listObjectsV2(
    input: LeanListInput,
    signal?: AbortSignal,
    options?: ListAnswerOptions,
  ): Promise<ListPage | undefined> {
    const target = await this.#target(input.Bucket);
    if (!target) return undefined;
    const params: [string, string][] = [
      ['encoding-type', 'url'],
      ['list-type', '2'],
      ...(input.Prefix ? [['prefix', input.Prefix] as [string, string]] : []),
      ...(input.ContinuationToken
        ? [['continuation-token', input.ContinuationToken] as [string, string]]
        : []),
      ...(input.StartAfter !== undefined
        ? [['start-after', input.StartAfter] as [string, string]]
        : []),
      ...(input.MaxKeys !== undefined
        ? [['max-keys', String(input.MaxKeys)] as [string, string]]
        : []),
    ];
    // SigV4's canonical query: names sorted, names and values RFC 3986-encoded.
    const query = params
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => `${name}=${encodeQueryValue(value)}`)
      .join('&');
    const headers: Record<string, string> = {
      ...target.headers,
      host: target.host,
      'x-amz-content-sha256': EMPTY_SHA256,
      'user-agent': 's3bulk',
      ...(input.ExpectedBucketOwner
        ? { 'x-amz-expected-bucket-owner': input.ExpectedBucketOwner }
        : {}),
      ...(input.RequestPayer ? { 'x-amz-request-payer': input.RequestPayer } : {}),
    };
    const path = target.base;
    const config = this.#config;
    const credentials = await config.credentials();
    const offset = config.systemClockOffset;
    target.signer.sign('GET', path, query, headers, credentials, new Date(Date.now() + offset));
    const answer = await this.#send('GET', target.url, `${path}?${query}`, headers, signal, true);
    if (answer.status >= 300 && answer.date) correctClockSkew(config, answer.date);
    return parseListAnswer(answer.status, answer.pieces ?? answer.body, answer.requestId, options);
  }

  #target(bucket: string): Promise<ResolvedTarget | undefined> {
    let target = this.#targets.get(bucket);
    if (!target) {
      target = this.#resolve(bucket);
      this.#targets.set(bucket, target);
      // A failed resolution (bad bucket name, ARN rules) is retried, and the SDK says why.
      target.then(
        (resolved) => resolved && this.#ready.set(bucket, resolved),
        () => this.#targets.delete(bucket),
      );
    }
    return target.catch(() => undefined);
  }

  async #resolve(bucket: string): Promise<ResolvedTarget | undefined> {
    const direct = await pathStyleEndpoint(this.#config, bucket);
    if (direct) return target(direct.url, {}, new S3RequestSigner(direct.signingRegion, 's3'));
    // Anything else (AWS endpoints, access points) follows the SDK's rules, through its client.
    const [{ getEndpointFromInstructions }, { CopyObjectCommand }] = await Promise.all([
      loadSdk('endpoints'),
      loadSdk('s3'),
    ]);
    const config = this.#client.config;
    const endpoint = await getEndpointFromInstructions(
      { Bucket: bucket, Key: 'k', CopySource: 'b/k' },
      CopyObjectCommand,
      { ...config },
    );
    const scheme = (endpoint.properties?.authSchemes as AuthScheme[] | undefined)?.[0];
    // Plain SigV4 for `s3` only: S3 Express, multi-region access points and other backends keep
    // the SDK, which knows their rules.
    if (endpoint.properties?.['backend'] !== undefined) return undefined;
    if (scheme && (scheme.name !== 'sigv4' || (scheme.signingName ?? 's3') !== 's3')) {
      return undefined;
    }
    const region = scheme?.signingRegion ?? (await config.region());
    const headers: Record<string, string> = {};
    for (const [name, values] of Object.entries(endpoint.headers ?? {})) {
      headers[name.toLowerCase()] = values.join(',');
    }
    const signer = new S3RequestSigner(region, scheme?.signingName ?? 's3');
    return target(new URL(endpoint.url.href), headers, signer);
  }

  #send(
    method: 'GET' | 'PUT',
    url: URL,
    path: string,
    headers: Record<string, string>,
    signal: AbortSignal | undefined,
    whole = false,
  ): Promise<Answer> {
    return sendLeanRequest({ method, url, path, headers, signal, whole }, this.#options);
  }
}

function target(
  url: URL,
  headers: Record<string, string>,
  signer: S3RequestSigner,
): ResolvedTarget {
  const base = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return { url, host: url.host, base, signer, headers };
}

interface AuthScheme {
  readonly name: string;
  readonly signingName?: string;
  readonly signingRegion?: string;
}

/** S3 rejects requests signed more than 15 minutes off; the SDK's threshold for correcting. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Follow the server's clock after a refused request, as the SDK does, so a machine whose clock is
 * off recovers on the engine's next attempt (RequestTimeTooSkewed) instead of failing every task.
 */
function correctClockSkew(config: { systemClockOffset?: number }, date: string): void {
  const server = Date.parse(date);
  if (Number.isNaN(server)) return;
  const offset = config.systemClockOffset ?? 0;
  if (Math.abs(server - (Date.now() + offset)) >= CLOCK_SKEW_MS) {
    config.systemClockOffset = server - Date.now();
  }
}

/** A CopyObject answer: the ETag, or the error as the SDK would raise it (200 with an error too). */
export function parseCopyAnswer(answer: Answer): LeanCopyResult {
  const { status, body, requestId } = answer;
  const ok = status >= 200 && status < 300;
  if (ok && body.length === 0) {
    // The SDK's rule: an empty 200 to CopyObject means S3 aborted the copy.
    throw new S3ServiceError('InternalError', 'S3 aborted request', 503, requestId);
  }
  if (ok && !/<\/Error>\s*$/.test(body)) {
    const etag = xmlText(body, 'ETag');
    return {
      ...(etag !== undefined ? { etag } : {}),
      ...(answer.versionId !== undefined ? { versionId: answer.versionId } : {}),
    };
  }
  // S3 sends `200` with an <Error> body when a copy fails after it started: the SDK makes it a 503.
  const httpStatus = ok ? 503 : status;
  const code = xmlText(body, 'Code') ?? codeForStatus(httpStatus);
  const message = xmlText(body, 'Message') ?? code;
  throw new S3ServiceError(code, message, httpStatus, xmlText(body, 'RequestId') ?? requestId);
}

function codeForStatus(status: number): string {
  if (status === 503) return 'ServiceUnavailable';
  if (status >= 500) return 'InternalError';
  return 'UnknownError';
}

/** A query value as SigV4 and S3 want it: RFC 3986, so `!'()*` are escaped too. */
function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The headers of a CopyObject to `target`, or `undefined` when `input` has a field the lean path
 * does not send (the caller then uses the SDK). One pass over the input's own fields.
 */
function copyHeaders(
  input: CopyObjectCommandInput,
  target: ResolvedTarget,
): Record<string, string> | undefined {
  const headers: Record<string, string> = {
    ...target.headers,
    host: target.host,
    'content-length': '0',
    'x-amz-content-sha256': EMPTY_SHA256,
    'user-agent': 's3bulk',
  };
  for (const field in input) {
    const value = (input as unknown as Record<string, unknown>)[field];
    if (value === undefined || field === 'Bucket' || field === 'Key') continue;
    const header = LEAN_HEADERS[field];
    if (typeof header !== 'string') return undefined;
    headers[header] = String(value);
  }
  return headers;
}
