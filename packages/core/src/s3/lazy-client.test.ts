import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSdk } from '../config/load-sdk.js';
import { createS3Side } from './client.js';

const credentials = { accessKeyId: 'AKIDCLOCKTEST', secretAccessKey: 'clock-secret' };
const SKEWED =
  '<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message></Error>';
const COPIED =
  '<CopyObjectResult><LastModified>2026-11-22T00:00:00.000Z</LastModified><ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag></CopyObjectResult>';

interface Queued {
  status: number;
  body: string;
  /** The server's clock: now plus this many milliseconds. */
  ahead: number;
}

/** A server that answers from a queue (200 once it is empty) and records each `x-amz-date`. */
let server: Server;
let endpoint: string;
const queue: Queued[] = [];
const signedAt: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    signedAt.push(parseAmzDate(String(req.headers['x-amz-date'])));
    req.resume();
    req.on('end', () => {
      const next = queue.shift() ?? {
        status: 200,
        body: req.method === 'PUT' ? COPIED : '',
        ahead: 0,
      };
      res.writeHead(next.status, {
        'x-amz-request-id': 'REQ1',
        date: new Date(Date.now() + next.ahead).toUTCString(),
        'content-length': Buffer.byteLength(next.body),
      });
      res.end(next.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function parseAmzDate(d: string): number {
  return Date.parse(
    `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}Z`,
  );
}

const HOUR = 3_600_000;
const copyInput = { Bucket: 'dst', Key: 'k', CopySource: 'src/k' };

async function sdkHead(side: ReturnType<typeof createS3Side>): Promise<void> {
  const { HeadObjectCommand } = await loadSdk('s3');
  await side.client.send(new HeadObjectCommand({ Bucket: 'dst', Key: 'k' }));
}

describe('s3 side: one clock for the lean path and the SDK', () => {
  it("signs the SDK's next request with a skew the lean path learnt", async () => {
    // Prepare: the SDK client is built (and has signed once) before the skew is learnt.
    const side = createS3Side({ endpointUrl: endpoint, region: 'us-east-1', credentials });
    await sdkHead(side);
    queue.push({ status: 403, body: SKEWED, ahead: HOUR });
    await expect(side.copier.copyObject(copyInput)).rejects.toThrow('too large');
    signedAt.length = 0;

    // Act
    await sdkHead(side);

    // Assess
    expect(signedAt).toHaveLength(1);
    expect(Math.abs(signedAt[0]! - (Date.now() + HOUR))).toBeLessThan(60_000);
    side.destroy();
  });

  it("signs the lean path's next request with a skew the SDK learnt", async () => {
    // Prepare: the SDK is refused once as skewed, corrects its clock and retries.
    const side = createS3Side({ endpointUrl: endpoint, region: 'us-east-1', credentials });
    await side.copier.copyObject(copyInput);
    queue.push({ status: 403, body: SKEWED, ahead: HOUR }, { status: 200, body: '', ahead: HOUR });
    await sdkHead(side);
    signedAt.length = 0;

    // Act
    await side.copier.copyObject(copyInput);

    // Assess
    expect(side.config.systemClockOffset).toBeGreaterThan(HOUR - 60_000);
    expect(signedAt).toHaveLength(1);
    expect(Math.abs(signedAt[0]! - (Date.now() + HOUR))).toBeLessThan(60_000);
    side.destroy();
  });

  it('binds the SDK client its methods once', async () => {
    // Prepare
    const side = createS3Side({ endpointUrl: endpoint, region: 'us-east-1', credentials });
    await loadSdk('s3');

    // Act
    const first = side.client.send;
    const second = side.client.send;

    // Assess
    expect(second).toBe(first);
    side.destroy();
  });

  it('sends through a send put on the client (a test double)', async () => {
    // Prepare
    const side = createS3Side({ endpointUrl: endpoint, region: 'us-east-1', credentials });
    const { HeadObjectCommand } = await loadSdk('s3');
    const sent: unknown[] = [];
    side.client.send = (async (command: unknown) => {
      sent.push(command);
      return {};
    }) as typeof side.client.send;
    const command = new HeadObjectCommand({ Bucket: 'dst', Key: 'k' });

    // Act
    await side.client.send(command);

    // Assess
    expect(sent).toEqual([command]);
    side.destroy();
  });
});
