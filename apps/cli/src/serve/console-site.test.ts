import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleSite } from './console-site.js';
import { JobRegistry } from './job-registry.js';

let server: Server | undefined;
afterEach(() => server?.close());

async function serve(token: string | undefined): Promise<string> {
  const registry = new JobRegistry(await mkdtemp(join(tmpdir(), 's3bulk-console-')));
  await registry.load();
  const site = new ConsoleSite(registry, 'us-east-1', token);
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    void site.handle(req, res, url.pathname, url.searchParams);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe('serve: console access', () => {
  it('with a token, refuses pages without it and lets its cookie in', async () => {
    // Prepare
    const base = await serve('s3cr3t');

    // Act
    const without = await fetch(`${base}/console/jobs.json`);
    const wrong = await fetch(`${base}/console/jobs.json?token=nope`);
    const given = await fetch(`${base}/?token=s3cr3t`);
    const cookie = given.headers.get('set-cookie')?.split(';')[0] ?? '';
    const withCookie = await fetch(`${base}/console/jobs.json`, { headers: { cookie } });

    // Assess
    expect([without.status, wrong.status, given.status, withCookie.status]).toEqual([
      401, 401, 200, 200,
    ]);
    expect(await withCookie.json()).toEqual([]);
    expect(given.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('is read-only: anything but GET is refused', async () => {
    // Prepare
    const base = await serve(undefined);

    // Act
    const post = await fetch(`${base}/`, { method: 'POST' });

    // Assess
    expect(post.status).toBe(405);
  });
});
