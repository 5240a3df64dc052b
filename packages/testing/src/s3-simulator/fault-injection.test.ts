import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { startS3Simulator } from './s3-simulator.js';
import type { RunningSimulator, SimulatorOptions } from './types.js';

const run = promisify(execFile);
const started: RunningSimulator[] = [];

async function simulator(options: SimulatorOptions = {}) {
  const sim = await startS3Simulator({ latencyMs: 0, buckets: ['b'], ...options });
  started.push(sim);
  sim.seed({ bucket: 'b', prefix: 'p/', count: 10, size: 100, keyDigits: 2 });
  sim.seed({ bucket: 'b', prefix: 'q/', count: 10, size: 100, keyDigits: 2 });
  return sim;
}

/** Sequential raw GETs: the status of each (0 for a reset connection). */
async function statuses(sim: RunningSimulator, count: number, key = 'p/01'): Promise<number[]> {
  const out: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const answer = await fetch(`${sim.endpoint}/b/${key}`).catch(() => undefined);
    out.push(answer?.status ?? 0);
    await answer?.arrayBuffer();
  }
  return out;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.stop()));
});

describe('s3 simulator: fault injection', () => {
  it('answers SlowDown at the configured rate, as an S3 error the SDK recognises', async () => {
    // Prepare
    const sim = await simulator({ error503Rate: 0.2, seed: 3 });
    const s3 = new S3Client({
      endpoint: sim.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      maxAttempts: 1,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });

    // Act
    const results = await Promise.all(
      Array.from({ length: 400 }, (_, index) =>
        s3
          .send(new GetObjectCommand({ Bucket: 'b', Key: `p/0${index % 10}` }))
          .then(async (answer) => {
            await answer.Body?.transformToString();
            return 'ok';
          })
          .catch((error: Error) => error.name),
      ),
    );
    s3.destroy();

    // Assess
    const slowDowns = results.filter((name) => name === 'SlowDown').length;
    expect(results.filter((name) => name !== 'ok' && name !== 'SlowDown')).toEqual([]);
    expect(slowDowns).toBe(sim.stats().faults.error503);
    expect(slowDowns / results.length).toBeGreaterThan(0.12);
    expect(slowDowns / results.length).toBeLessThan(0.28);
  });

  it('repeats the same faults for the same seed', async () => {
    // Prepare
    const first = await simulator({ error500Rate: 0.3, resetRate: 0.1, seed: 42 });
    const second = await simulator({ error500Rate: 0.3, resetRate: 0.1, seed: 42 });

    // Act
    const a = await statuses(first, 40);
    const b = await statuses(second, 40);

    // Assess
    expect(a).toEqual(b);
    expect(a).toContain(500);
    expect(a).toContain(0);
    expect(first.stats().faults.resets).toBe(a.filter((status) => status === 0).length);
  });

  it('limits requests per prefix with 503 SlowDown and leaves other prefixes alone', async () => {
    // Prepare
    // 5/s against 60 at once: even a slow machine sends the burst well before 35 tokens refill.
    const sim = await simulator({ prefixRateLimit: 5 });

    // Act
    const burst = await Promise.all(
      Array.from({ length: 60 }, () => fetch(`${sim.endpoint}/b/p/01`)),
    );
    const other = await fetch(`${sim.endpoint}/b/q/01`);

    // Assess
    const limited = burst.filter((answer) => answer.status === 503);
    expect(limited.length).toBeGreaterThanOrEqual(20);
    expect(await limited[0]?.text()).toContain('<Code>SlowDown</Code>');
    expect(other.status).toBe(200);
    expect(sim.stats().faults.slowDown).toBe(limited.length);
  });

  it('injects faults only into the named operations', async () => {
    // Prepare
    const sim = await simulator({ error500Rate: 1, faultOperations: ['HeadObject'] });

    // Act
    const get = await fetch(`${sim.endpoint}/b/p/01`);
    const head = await fetch(`${sim.endpoint}/b/p/01`, { method: 'HEAD' });

    // Assess
    expect([get.status, head.status]).toEqual([200, 500]);
  });

  it('leaves a stalled request unanswered until the client gives up', async () => {
    // Prepare
    const sim = await simulator({ stallRate: 1 });

    // Act
    const failure = await fetch(`${sim.endpoint}/b/p/01`, {
      signal: AbortSignal.timeout(300),
    }).catch((e: Error) => e);

    // Assess
    expect(failure).toBeInstanceOf(Error);
    expect(sim.stats().faults.stalls).toBe(1);
  });

  it('serves whole bodies under a bandwidth cap', async () => {
    // Prepare
    const sim = await simulator({ bandwidthBytesPerSecond: 2 * 1024 * 1024 });
    sim.seed({ bucket: 'b', prefix: 'big/', count: 1, size: 300_000, keyDigits: 1 });

    // Act
    const body = Buffer.from(await (await fetch(`${sim.endpoint}/b/big/0`)).arrayBuffer());

    // Assess
    expect(body.equals(sim.objectBody('b', 'big/0')!)).toBe(true);
    expect(sim.stats().bytesOut).toBe(300_000);
  });
});

describe('s3 simulator: admin endpoint', () => {
  it('counts operations, changes knobs, seeds and resets over HTTP', async () => {
    // Prepare
    const sim = await simulator();
    const admin = (path: string, body?: unknown) =>
      fetch(
        `${sim.endpoint}/_sim/${path}`,
        body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) },
      ).then((answer) => answer.json() as Promise<Record<string, unknown>>);

    // Act
    await statuses(sim, 3);
    await fetch(`${sim.endpoint}/b?list-type=2&prefix=p/`).then((answer) => answer.text());
    const counted = await admin('stats');
    const config = await admin('config', { latencyMs: 5, error500Rate: 0 });
    const seeded = await admin('seed', { bucket: 'new', prefix: 'k/', count: 5, size: 10 });
    const buckets = await admin('buckets');
    const reset = await admin('reset', {});

    // Assess
    expect(counted).toMatchObject({
      requests: 4,
      operations: { GetObject: 3, ListObjectsV2: 1 },
      bytesOut: 300,
    });
    expect(config).toMatchObject({ latencyMs: 5, error500Rate: 0 });
    expect(sim.faults().latencyMs).toBe(5);
    expect(seeded).toEqual({ seeded: 5 });
    expect(buckets).toEqual({ b: 20, new: 5 });
    expect(reset).toMatchObject({ requests: 0, operations: {} });
  });
});

describe('s3 simulator: aws cli', () => {
  it('serves aws s3 cp and aws s3 ls', async (ctx) => {
    // Prepare
    const available = await run('aws', ['--version']).then(
      () => true,
      () => false,
    );
    if (!available) return ctx.skip('the aws CLI is not installed');
    const sim = await simulator();
    const folder = await mkdtemp(join(tmpdir(), 'sim-cli-'));
    await writeFile(join(folder, 'in.txt'), 'from the cli');
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(folder, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(folder, 'credentials'),
    };
    const aws = (...args: string[]) =>
      run('aws', ['--endpoint-url', sim.endpoint, ...args], { env });

    // Act
    await aws('s3', 'cp', join(folder, 'in.txt'), 's3://b/cli/in.txt', '--only-show-errors');
    await aws('s3', 'cp', 's3://b/cli/in.txt', 's3://b/cli/copy.txt', '--only-show-errors');
    await aws('s3', 'cp', 's3://b/cli/copy.txt', join(folder, 'out.txt'), '--only-show-errors');
    const listing = await aws('s3', 'ls', 's3://b/cli/');

    // Assess
    expect(await readFile(join(folder, 'out.txt'), 'utf8')).toBe('from the cli');
    expect(listing.stdout).toMatch(/12 copy\.txt/);
    expect(listing.stdout).toMatch(/12 in\.txt/);
    expect(sim.stats().operations.CopyObject).toBe(1);
  });
});
