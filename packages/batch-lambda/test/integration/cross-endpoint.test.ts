import type { S3Client } from '@aws-sdk/client-s3';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { createJobClients, encodeBatchKey, ENV, type S3BatchEvent } from '@s3bulk/core';
import { deterministicBytes, useEmulator } from '@s3bulk/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandler, specFromEnv } from '../../src/index.js';

const MiB = 1024 * 1024;
const emulator = useEmulator();
const logger = new Logger({ logLevel: 'SILENT' });

/** Each request a client sends: the command and the host it went to. */
function recordRequests(client: S3Client): { command: string; host: string }[] {
  const seen: { command: string; host: string }[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const request = args.request as { hostname?: string };
      seen.push({ command: String(context.commandName), host: request.hostname ?? '' });
      return next(args);
    },
    { step: 'finalizeRequest', name: 'recordRequests' },
  );
  return seen;
}

function copyEvent(bucket: string, key: string, target: string): S3BatchEvent {
  return {
    invocationSchemaVersion: '2.0',
    invocationId: 'inv-x',
    job: {
      id: 'job-x',
      userArguments: {
        operation: JSON.stringify({
          S3PutObjectCopy: { TargetResource: `arn:aws:s3:::${target}` },
        }),
      },
    },
    tasks: [{ taskId: 't', s3Bucket: bucket, s3Key: encodeBatchKey(key), s3VersionId: null }],
  };
}

async function bytesOf(bucket: string, key: string): Promise<Buffer> {
  const got = await emulator.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await got.Body!.transformToByteArray());
}

describe('batch-lambda: copies to another endpoint', () => {
  // One emulator behind two endpoint URLs is, to the handler, two S3 services.
  const endpoint = new URL(emulator.info.endpoint);
  const loopback = endpoint.hostname === '127.0.0.1';
  const other = `http://localhost:${endpoint.port}`;

  beforeEach(() => {
    // The function's own credentials, as the Lambda runtime provides them.
    vi.stubEnv('AWS_ACCESS_KEY_ID', emulator.info.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', emulator.info.secretAccessKey);
  });
  afterEach(() => vi.unstubAllEnvs());

  // Two endpoint URLs of one emulator (127.0.0.1 and localhost) need a loopback emulator:
  // elsewhere these tests are reported skipped by the runner.
  it.skipIf(!loopback).each([
    ['a single PUT', 1024 * 1024 + 7, /^streamed to s3:\/\//, ['PutObjectCommand']],
    [
      'a multipart upload above the threshold',
      12 * MiB,
      /^streamed in 3 parts to s3:\/\//,
      ['CreateMultipartUploadCommand', 'UploadPartCommand', 'CompleteMultipartUploadCommand'],
    ],
  ])('streams GET into %s on the destination endpoint', async (_, size, message, writes) => {
    // Prepare
    const env = {
      [ENV.awsRegion]: emulator.info.region,
      [ENV.awsEndpointUrl]: emulator.info.endpoint,
      [ENV.destinationEndpointUrl]: other,
      [ENV.multipartThreshold]: String(8 * MiB),
      [ENV.partSize]: String(5 * MiB),
    };
    const spec = specFromEnv(env);
    const clients = await createJobClients(spec.aws, { concurrency: 16 });
    const source = await emulator.createBucket('blx-src');
    const target = await emulator.createBucket('blx-dst');
    // A job's SDK clients are built once the S3 SDK is loaded (core's lazy clients); the
    // emulator's first requests have loaded it.
    const sourceRequests = recordRequests(clients.source);
    const destinationRequests = recordRequests(clients.destination);
    const body = deterministicBytes(size, 5);
    await emulator.putObjects(source, { 'data/object.bin': body });
    const handler = createHandler({ clients, spec, logger });

    // Act
    const response = await handler(copyEvent(source, 'data/object.bin', target));

    // Assess
    expect(response.results[0]).toMatchObject({
      resultCode: 'Succeeded',
      resultString: expect.stringMatching(message),
    });
    expect((await bytesOf(target, 'data/object.bin')).equals(Buffer.from(body))).toBe(true);
    expect(sourceRequests.map((r) => r.command)).toContain('GetObjectCommand');
    expect(sourceRequests.every((r) => r.host === '127.0.0.1')).toBe(true);
    expect(destinationRequests.map((r) => r.command)).toEqual(expect.arrayContaining(writes));
    expect(destinationRequests.every((r) => r.host === 'localhost')).toBe(true);
    expect(destinationRequests.map((r) => r.command)).not.toContain('CopyObjectCommand');
    clients.destroy();
  });

  it.skipIf(!loopback)('writes with the destination role it assumed through STS', async () => {
    // Prepare: moto answers STS on the same port and accepts the credentials it issues.
    const env = {
      [ENV.awsRegion]: emulator.info.region,
      [ENV.awsEndpointUrl]: emulator.info.endpoint,
      [ENV.destinationRoleArn]: 'arn:aws:iam::123456789012:role/s3bulk-destination',
    };
    const spec = specFromEnv(env);
    const clients = await createJobClients(spec.aws, { concurrency: 16 });
    const source = await emulator.createBucket('blr-src');
    const target = await emulator.createBucket('blr-dst');
    await emulator.putObjects(source, { 'k.txt': 'across accounts' });
    const handler = createHandler({ clients, spec, logger });

    // Act
    const response = await handler(copyEvent(source, 'k.txt', target));
    const credentials = await clients.destination.config.credentials();

    // Assess
    expect(response.results[0]).toMatchObject({
      resultCode: 'Succeeded',
      resultString: expect.stringMatching(/^streamed to /),
    });
    expect(await emulator.getText(target, 'k.txt')).toBe('across accounts');
    expect(credentials.accessKeyId).not.toBe(emulator.info.accessKeyId);
    expect(credentials.sessionToken).toBeTruthy();
    clients.destroy();
  });
});
