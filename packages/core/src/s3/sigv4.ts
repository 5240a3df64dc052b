import { createHmac, hash } from 'node:crypto';

/** What a request is signed with (an SDK credential identity). */
export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** A request as SigV4 canonicalises it: lower-case header names, path and query as signed. */
export interface SignableRequest {
  readonly method: string;
  /** The canonical URI (S3: the path as sent, not encoded again). */
  readonly path: string;
  /** The canonical query string. */
  readonly query: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The names of the headers signed. */
  readonly signedHeaders: readonly string[];
}

/** What SigV4 canonicalisation changes in a header value: CR, LF, tab, two spaces, an end space. */
const HAS_FOLDABLE_SPACE = /[\r\n\t]| {2}|^ | $/;

/**
 * AWS Signature Version 4 for S3 requests, as `@smithy/signature-v4` computes it with S3's
 * settings (no double path encoding, payload hash taken from `x-amz-content-sha256`), on
 * node:crypto directly: the lean copy path signs thousands of requests a second and the
 * library's general machinery was an eighth of its CPU. Tests check every signature against the
 * library (`lean-copy.test.ts`).
 */
export class S3RequestSigner {
  readonly #region: string;
  readonly #service: string;
  #keyCache?: { secret: string; day: string; key: Buffer };
  #dateCache?: { second: number; amzDate: string };

  constructor(region: string, service = 's3') {
    this.#region = region;
    this.#service = service;
  }

  /**
   * Add `x-amz-date`, `x-amz-security-token` and `authorization` to `headers` (lower-case names,
   * `host` and `x-amz-content-sha256` included). Every header but `user-agent` is signed.
   */
  sign(
    method: string,
    path: string,
    query: string,
    headers: Record<string, string>,
    credentials: SigningCredentials,
    now: Date,
  ): void {
    const amzDate = this.#amzDate(now);
    headers['x-amz-date'] = amzDate;
    if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
    // Sorted where they are collected: the list is fresh, and a handful of names needs no copy.
    const names: string[] = [];
    for (const name in headers) {
      if (name !== 'user-agent' && name !== 'authorization') insertSorted(names, name);
    }
    const { signature, signedHeaders, scope } = this.#signature(
      method,
      path,
      query,
      headers,
      names,
      credentials.secretAccessKey,
      amzDate,
    );
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  }

  /**
   * The signature of a request over exactly `signedHeaders` (lower-case names), at `amzDate`
   * (`YYYYMMDDTHHMMSSZ`); the payload hash is `x-amz-content-sha256`. `s3bulk serve` verifies
   * a request by computing this from what it received and comparing.
   */
  signature(
    request: SignableRequest,
    secretAccessKey: string,
    amzDate: string,
  ): { signature: string; signedHeaders: string; scope: string } {
    const { method, path, query, headers } = request;
    const names = [...request.signedHeaders].sort();
    return this.#signature(method, path, query, headers, names, secretAccessKey, amzDate);
  }

  /** {@link signature} over `names` already sorted. */
  #signature(
    method: string,
    path: string,
    query: string,
    headers: Readonly<Record<string, string>>,
    names: readonly string[],
    secretAccessKey: string,
    amzDate: string,
  ): { signature: string; signedHeaders: string; scope: string } {
    const day = amzDate.slice(0, 8);
    let canonicalHeaders = '';
    for (const name of names) {
      const value = headers[name] ?? '';
      // Most values need no folding; the regex runs only where there is something to fold.
      // The SDK's rule (@smithy/signature-v4), which S3 accepts: ASCII spaces and tabs only.
      const folded = HAS_FOLDABLE_SPACE.test(value)
        ? value
            .replace(/[\r\n]/g, ' ')
            .replace(/[ \t]+/g, ' ')
            .replace(/^ | $/g, '')
        : value;
      canonicalHeaders += `${name}:${folded}\n`;
    }
    const signedHeaders = names.join(';');
    const canonicalRequest = `${method}\n${path}\n${query}\n${canonicalHeaders}\n${signedHeaders}\n${headers['x-amz-content-sha256']}`;
    const scope = `${day}/${this.#region}/${this.#service}/aws4_request`;
    // One-shot `hash`: no Hash object per request.
    const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${hash('sha256', canonicalRequest)}`;
    const signature = createHmac('sha256', this.#signingKey(secretAccessKey, day))
      .update(stringToSign)
      .digest('hex');
    return { signature, signedHeaders, scope };
  }

  /** `YYYYMMDDTHHMMSSZ`, formatted once a second: thousands of requests share each. */
  #amzDate(now: Date): string {
    const second = Math.floor(now.getTime() / 1000);
    if (this.#dateCache?.second !== second) {
      const amzDate = now.toISOString().replace(/[-:]|\.\d{3}/g, '');
      this.#dateCache = { second, amzDate };
    }
    return this.#dateCache.amzDate;
  }

  #signingKey(secret: string, day: string): Buffer {
    const cached = this.#keyCache;
    if (cached && cached.secret === secret && cached.day === day) return cached.key;
    const hmac = (key: string | Buffer, data: string) =>
      createHmac('sha256', key).update(data).digest();
    const key = hmac(
      hmac(hmac(hmac(`AWS4${secret}`, day), this.#region), this.#service),
      'aws4_request',
    );
    this.#keyCache = { secret, day, key };
    return key;
  }
}

/** Insert `name` into the sorted `names` (by UTF-16 code units, as `Array.prototype.sort`). */
function insertSorted(names: string[], name: string): void {
  let at = names.length;
  names.push(name);
  while (at > 0 && names[at - 1]! > name) {
    names[at] = names[at - 1]!;
    at -= 1;
  }
  names[at] = name;
}
