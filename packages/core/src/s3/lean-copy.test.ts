import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CopyObjectCommand, type CopyObjectCommandInput } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { classifyError } from './errors.js';
import { createS3Client, createS3Side } from './client.js';
import { LEAN_HEADERS, parseCopyAnswer } from './lean-copy.js';
import { S3ServiceError, xmlText } from './service-answer.js';

const credentials = { accessKeyId: 'AKIDLEANTEST', secretAccessKey: 'lean-secret' };

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** A server that records each request and answers with what the test queued. */
let server: Server;
let endpoint: string;
const received: Received[] = [];
let answer: { status: number; body: string; date?: string } = { status: 200, body: '' };

beforeAll(async () => {
  server = createServer((req, res) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => {
      res.writeHead(answer.status, {
        'x-amz-request-id': 'REQ1',
        ...(answer.date ? { date: answer.date } : {}),
      });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const OK_BODY =
  '<?xml version="1.0" encoding="UTF-8"?><CopyObjectResult><LastModified>2026-11-22T00:00:00.000Z</LastModified><ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag></CopyObjectResult>';

/** Every field the lean path sends, with values that need care (spaces, `+`, unicode). */
const FULL_INPUT: CopyObjectCommandInput = {
  Bucket: 'dst',
  Key: 'dir/a b+c %d é (1)*!.txt',
  CopySource: 'src/dir/a%20b%2Bc%20%25d%20%C3%A9%20%281%29%2A%21.txt?versionId=v1',
  MetadataDirective: 'COPY',
  TaggingDirective: 'REPLACE',
  Tagging: 'team=data&env=prod%20eu',
  ExpectedSourceBucketOwner: '111122223333',
  ExpectedBucketOwner: '444455556666',
  StorageClass: 'STANDARD_IA',
  ACL: 'bucket-owner-full-control',
  GrantFullControl: 'id="abc"',
  GrantRead: 'uri="http://acs.amazonaws.com/groups/global/AllUsers"',
  GrantReadACP: 'id="def"',
  GrantWriteACP: 'id="ghi"',
  RequestPayer: 'requester',
  ServerSideEncryption: 'aws:kms',
  SSEKMSKeyId: 'arn:aws:kms:us-east-1:444455556666:key/1234',
  BucketKeyEnabled: true,
  ChecksumAlgorithm: 'SHA256',
  ObjectLockLegalHoldStatus: 'ON',
  ObjectLockMode: 'GOVERNANCE',
  WebsiteRedirectLocation: '/elsewhere',
};

/** Headers the SDK adds for itself (telemetry, retries) that say nothing about the request. */
const SDK_ONLY = new Set([
  'user-agent',
  'x-amz-user-agent',
  'amz-sdk-invocation-id',
  'amz-sdk-request',
]);
const PER_REQUEST = new Set(['authorization', 'x-amz-date', 'connection']);

function requestShape(request: Received): Record<string, unknown> {
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(
      ([name]) => !SDK_ONLY.has(name) && !PER_REQUEST.has(name),
    ),
  );
  return { method: request.method, url: request.url, headers };
}

/** What S3 does with a request: rebuild the canonical request from what arrived and check the signature. */
async function signatureIsValid(request: Received): Promise<boolean> {
  const auth = String(request.headers.authorization);
  const match =
    /Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=(\w+)/.exec(
      auth,
    );
  if (!match) return false;
  const [, , , region, service, signedHeaders, signature] = match;
  const signed = new Set(signedHeaders!.split(';'));
  const headers = Object.fromEntries(
    Object.entries(request.headers)
      .filter(([name]) => signed.has(name))
      .map(([name, value]) => [name, String(value)]),
  );
  const amzDate = String(request.headers['x-amz-date']);
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const [path, query = ''] = request.url.split('?');
  const signer = new SignatureV4({
    service: service!,
    region: region!,
    credentials,
    // The SDK's own hash (node:crypto), as S3 would compute it.
    sha256: createS3Client({ region: 'us-east-1' }).config.sha256,
    uriEscapePath: false,
  });
  const again = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: '127.0.0.1',
      path: path!,
      query: Object.fromEntries(new URLSearchParams(query)),
      headers,
    },
    { signingDate, signableHeaders: signed, unsignableHeaders: new Set() },
  );
  return String(again.headers.authorization).endsWith(`Signature=${signature}`);
}

describe('lean CopyObject path', () => {
  it('sends the request the SDK sends, every supported field, with a signature S3 accepts', async () => {
    answer = { status: 200, body: OK_BODY };
    const lean = createS3Side({ endpointUrl: endpoint, region: 'eu-west-1', credentials });
    const sdk = createS3Client({ endpointUrl: endpoint, region: 'eu-west-1', credentials });
    received.length = 0;

    const result = await lean.copier.copyObject(FULL_INPUT);
    await sdk.send(new CopyObjectCommand(FULL_INPUT));

    expect(result).toEqual({ etag: '"9b2cf535f27731c974343645a3985328"' });
    expect(received).toHaveLength(2);
    const [viaLean, viaSdk] = received as [Received, Received];
    expect(requestShape(viaLean)).toEqual(requestShape(viaSdk));
    for (const header of Object.values(LEAN_HEADERS)) expect(viaLean.headers[header]).toBeDefined();
    expect(await signatureIsValid(viaSdk)).toBe(true);
    expect(await signatureIsValid(viaLean)).toBe(true);
    expect(String(viaLean.headers.authorization)).toContain('/eu-west-1/s3/aws4_request');
    lean.destroy();
    sdk.destroy();
  });

  it('signs with a session token when the credentials have one', async () => {
    answer = { status: 200, body: OK_BODY };
    const client = createS3Side({
      endpointUrl: endpoint,
      credentials: { ...credentials, sessionToken: 'TOKEN-1' },
      region: 'us-east-1',
    });
    received.length = 0;
    await client.copier.copyObject({ Bucket: 'dst', Key: 'k', CopySource: 'src/k' });
    expect(received[0]!.headers['x-amz-security-token']).toBe('TOKEN-1');
    expect(String(received[0]!.headers.authorization)).toContain('x-amz-security-token');
    client.destroy();
  });

  it("follows the server's clock after S3 refuses a skewed request", async () => {
    const client = createS3Side({ endpointUrl: endpoint, region: 'us-east-1', credentials });
    const serverTime = Date.now() + 3_600_000;
    answer = {
      status: 403,
      body: '<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message></Error>',
      date: new Date(serverTime).toUTCString(),
    };
    received.length = 0;
    const input = { Bucket: 'dst', Key: 'k', CopySource: 'src/k' };
    await expect(client.copier.copyObject(input)).rejects.toThrow('too large');
    answer = { status: 200, body: OK_BODY };
    await client.copier.copyObject(input);
    const amzDate = (request: Received) => {
      const d = String(request.headers['x-amz-date']);
      return Date.parse(
        `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}Z`,
      );
    };
    expect(Math.abs(amzDate(received[0]!) - Date.now())).toBeLessThan(60_000);
    expect(Math.abs(amzDate(received[1]!) - serverTime)).toBeLessThan(60_000);
    client.destroy();
  });

  it('leaves to the SDK what it does not send itself: new metadata, dates', async () => {
    const client = createS3Side({ endpointUrl: endpoint, region: 'us-east-1', credentials });
    received.length = 0;
    const copier = client.copier;
    const base = { Bucket: 'dst', Key: 'k', CopySource: 'src/k' };
    expect(
      await copier.copyObject({ ...base, MetadataDirective: 'REPLACE', Metadata: { a: 'b' } }),
    ).toBeUndefined();
    expect(
      await copier.copyObject({ ...base, ObjectLockRetainUntilDate: new Date() }),
    ).toBeUndefined();
    expect(await copier.copyObject({ ...base, ContentType: 'text/plain' })).toBeUndefined();
    expect(received).toHaveLength(0);
    client.destroy();
  });

  it('leaves to the SDK buckets that need another auth scheme (S3 Express directory buckets)', async () => {
    const client = createS3Side({ region: 'us-east-1', credentials });
    const copier = client.copier;
    expect(
      await copier.copyObject({ Bucket: 'data--use1-az4--x-s3', Key: 'k', CopySource: 'src/k' }),
    ).toBeUndefined();
    client.destroy();
  });

  it('raises S3 errors as the SDK does, so the engine classifies them alike', async () => {
    const client = createS3Side({ endpointUrl: endpoint, region: 'us-east-1', credentials });
    answer = {
      status: 404,
      body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>k</Key><RequestId>R404</RequestId></Error>',
    };
    const error = await client.copier
      .copyObject({ Bucket: 'dst', Key: 'k', CopySource: 'src/k' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3ServiceError);
    expect(classifyError(error)).toEqual({
      temporary: false,
      throttled: false,
      code: 'NoSuchKey',
      httpStatus: 404,
      message: 'The specified key does not exist.',
    });
    client.destroy();
  });

  it('fails a request to a dead endpoint with a network error the engine retries', async () => {
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((resolve) => dead.close(() => resolve()));
    const client = createS3Side({
      endpointUrl: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials,
    });
    const error = await client.copier
      .copyObject({ Bucket: 'dst', Key: 'k', CopySource: 'src/k' })
      .catch((e: unknown) => e);
    expect(classifyError(error)).toMatchObject({ temporary: true, code: 'ECONNREFUSED' });
    client.destroy();
  });

  it('times out a request that gets no answer', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const client = createS3Side({
      endpointUrl: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials,
      requestTimeoutMs: 200,
    });
    const error = await client.copier
      .copyObject({ Bucket: 'dst', Key: 'k', CopySource: 'src/k' })
      .catch((e: unknown) => e);
    expect(classifyError(error)).toMatchObject({ temporary: true, code: 'TimeoutError' });
    client.destroy();
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('stops at once when the task is aborted', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const client = createS3Side({
      endpointUrl: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials,
    });
    const abort = new AbortController();
    const pending = client.copier
      .copyObject({ Bucket: 'dst', Key: 'k', CopySource: 'src/k' }, abort.signal)
      .catch((e: unknown) => e);
    setTimeout(() => abort.abort(), 50);
    expect((await pending) as Error).toMatchObject({ name: 'AbortError' });
    client.destroy();
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('stops every request in flight on one signal, and sends none on an aborted one', async () => {
    // Prepare
    let received = 0;
    const silent = createServer(() => {
      received += 1;
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const client = createS3Side({
      endpointUrl: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials,
    });
    const abort = new AbortController();
    const copy = (key: string, signal: AbortSignal) =>
      client.copier
        .copyObject({ Bucket: 'dst', Key: key, CopySource: `src/${key}` }, signal)
        .catch((e: unknown) => e);
    const pending = [copy('a', abort.signal), copy('b', abort.signal)];
    await vi.waitFor(() => expect(received).toBe(2));

    // Act
    abort.abort();
    const late = await copy('c', abort.signal);

    // Assess
    for (const error of await Promise.all(pending)) {
      expect(error as Error).toMatchObject({ name: 'AbortError' });
    }
    expect(late as Error).toMatchObject({ name: 'AbortError' });
    expect(received).toBe(2);
    client.destroy();
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });
});

describe('parseCopyAnswer', () => {
  it('reads the ETag of a copy', () => {
    expect(parseCopyAnswer({ status: 200, body: OK_BODY, versionId: 'v9' })).toEqual({
      etag: '"9b2cf535f27731c974343645a3985328"',
      versionId: 'v9',
    });
  });

  it('treats a 200 carrying an <Error> as the retryable failure S3 means', () => {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message></Error>\n';
    const error = (() => {
      try {
        parseCopyAnswer({ status: 200, body });
      } catch (e) {
        return e;
      }
    })();
    expect(classifyError(error)).toMatchObject({
      temporary: true,
      code: 'InternalError',
      httpStatus: 503,
    });
  });

  it('treats an empty 200 as an aborted copy, as the SDK does', () => {
    expect(() => parseCopyAnswer({ status: 200, body: '' })).toThrow('S3 aborted request');
  });

  it('marks a SlowDown, or a bare 503, as throttling', () => {
    const slow = () =>
      parseCopyAnswer({
        status: 503,
        body: '<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
      });
    expect(() => slow()).toThrow('Please reduce your request rate.');
    for (const body of ['<Error><Code>SlowDown</Code><Message>m</Message></Error>', '']) {
      try {
        parseCopyAnswer({ status: 503, body });
      } catch (error) {
        expect(classifyError(error)).toMatchObject({
          temporary: true,
          throttled: true,
          httpStatus: 503,
        });
      }
    }
  });

  it('decodes XML entities in messages', () => {
    expect(
      xmlText(
        '<Message>a &lt;b&gt; &amp; &#233;&#x263A; &quot;q&quot; &apos;</Message>',
        'Message',
      ),
    ).toBe('a <b> & é☺ "q" \'');
  });
});
