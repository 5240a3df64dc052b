import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_ENGINE_SETTINGS, encodeBatchKey, ENV, type S3BatchEvent } from '@s3bulk/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// An S3 API on loopback that answers every request with 503 SlowDown, the error the SDK itself
// would retry: each request it counts is one attempt, whoever made it (the engine or the SDK).
let server: Server;
let endpoint: string;
const requests = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://s3').pathname;
      requests.set(path, (requests.get(path) ?? 0) + 1);
      res.writeHead(503, { 'Content-Type': 'application/xml' });
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code>' +
          '<Message>Please reduce your request rate.</Message></Error>',
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function tagEvent(key: string): S3BatchEvent {
  return {
    invocationSchemaVersion: '2.0',
    invocationId: 'inv-attempts',
    job: { id: 'job-attempts' },
    tasks: [{ taskId: 't', s3Bucket: 'photos', s3Key: encodeBatchKey(key), s3VersionId: null }],
  };
}

describe('batch-lambda: attempts per task', () => {
  it("makes the engine's attempts against an always-throttling S3, not the engine's times the SDK's", async () => {
    // Prepare: the deployed composition root, from the environment the function would have.
    const saved = { ...process.env };
    Object.assign(process.env, {
      [ENV.awsRegion]: 'us-east-1',
      [ENV.awsEndpointUrl]: endpoint,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      [ENV.operation]: JSON.stringify({
        S3PutObjectTagging: { TagSet: [{ Key: 'seen', Value: 'yes' }] },
      }),
    });

    // Act
    let response;
    try {
      const { handler } = await import('../../src/handler.js');
      response = await handler(tagEvent('always-throttled.jpg'), {
        getRemainingTimeInMillis: () => 120_000,
      });
    } finally {
      process.env = saved;
    }

    // Assess
    expect(requests.get('/photos/always-throttled.jpg')).toBe(DEFAULT_ENGINE_SETTINGS.maxAttempts);
    expect(response.results[0]).toMatchObject({
      resultCode: 'TemporaryFailure',
      resultString: expect.stringMatching(/^SlowDown \(HTTP 503\): /),
    });
  });
});
