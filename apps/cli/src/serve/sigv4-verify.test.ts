import { createHash } from 'node:crypto';
import { S3RequestSigner } from '@s3bulk/core';
import { describe, expect, it } from 'vitest';
import { canonicalQuery, verifySigV4, type ReceivedRequest } from './sigv4-verify.js';

const KEYS = new Map([['AKIDSERVE', 'serve-secret']]);
const NOW = new Date('2026-12-07T03:00:00Z');

/** A request signed as the SDKs sign it, over the canonical query of what is sent. */
function signed(query: string, body = '', secret = 'serve-secret'): ReceivedRequest {
  const headers: Record<string, string> = {
    host: '123456789012.127.0.0.1:8080',
    'x-amz-account-id': '123456789012',
    'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
  };
  new S3RequestSigner('us-east-1').sign(
    'POST',
    '/v20180820/jobs/j-1/status',
    canonicalQuery(query),
    headers,
    { accessKeyId: 'AKIDSERVE', secretAccessKey: secret },
    NOW,
  );
  return {
    method: 'POST',
    path: '/v20180820/jobs/j-1/status',
    query,
    headers,
    body: Buffer.from(body),
  };
}

describe('serve: SigV4 verification', () => {
  it('accepts a request signed with a known key, whatever order and encoding its query has', () => {
    // Prepare
    const query = 'statusUpdateReason=wrong%20tags%20%28all%29&requestedJobStatus=Cancelled';

    // Act
    const keyId = verifySigV4(signed(query), KEYS, NOW);

    // Assess
    expect(keyId).toBe('AKIDSERVE');
    expect(canonicalQuery(query)).toBe(
      'requestedJobStatus=Cancelled&statusUpdateReason=wrong%20tags%20%28all%29',
    );
  });

  it.each([
    ['the wrong secret', signed('a=1', '', 'other'), 'SignatureDoesNotMatch'],
    ['a changed query', { ...signed('a=1'), query: 'a=2' }, 'SignatureDoesNotMatch'],
    [
      'an unknown key',
      {
        ...signed('a=1'),
        headers: {
          ...signed('a=1').headers,
          authorization: signed('a=1')
            .headers.authorization!.toString()
            .replace('AKIDSERVE', 'AKIDOTHER'),
        },
      },
      'InvalidAccessKeyId',
    ],
    ['no signature', { ...signed('a=1'), headers: { host: 'x' } }, 'AccessDenied'],
  ])('refuses %s with a 403', (_name, request, code) => {
    // Act / Assess
    expect(() => verifySigV4(request as ReceivedRequest, KEYS, NOW)).toThrow(
      expect.objectContaining({ code, status: 403 }),
    );
  });

  it('refuses a body that is not the one signed, and a request from 20 minutes ago', () => {
    // Prepare
    const request = signed('', '<a/>');

    // Act / Assess
    expect(() => verifySigV4({ ...request, body: Buffer.from('<b/>') }, KEYS, NOW)).toThrow(
      expect.objectContaining({ status: 400 }),
    );
    expect(() => verifySigV4(request, KEYS, new Date(NOW.getTime() + 20 * 60_000))).toThrow(
      expect.objectContaining({ code: 'RequestTimeTooSkewed' }),
    );
  });

  it.each([
    ['a presigned URL', '', 'Query-string (presigned) authentication is not accepted'],
    ['query and header signatures at once', 'header', 'Only one auth mechanism allowed'],
  ])('refuses %s with AccessDenied, whatever its signature', (_name, withHeader, message) => {
    // Prepare
    const query =
      'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDSERVE%2F20261207%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261207T030000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=00';
    const request = withHeader ? signed(query) : { ...signed(query), headers: { host: 'x' } };

    // Act / Assess
    expect(() => verifySigV4(request, KEYS, NOW)).toThrow(
      expect.objectContaining({
        code: 'AccessDenied',
        status: 403,
        message: expect.stringContaining(message),
      }),
    );
  });
});
