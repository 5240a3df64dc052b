import { existsSync } from 'node:fs';
import { startRecordingProxy, useEmulator } from '@s3bulk/testing';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { requireBuiltCli, tempDir, waitFor } from '../e2e/run-cli.js';
import { controlClient, createJob, putManifest, reportOf, useServe } from './serve-harness.js';

const CHROMIUM = process.env.S3BULK_CHROMIUM ?? '/usr/bin/chromium';
const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser) {
  console.warn(
    `s3bulk serve console browser test skipped: no chromium at ${CHROMIUM} (apt-get install chromium, or set S3BULK_CHROMIUM)`,
  );
}

const serve = useServe();
let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!hasBrowser)('s3bulk serve: the web console in a real browser', () => {
  const emulator = useEmulator();

  it('lists the job and its page follows it while it runs: counts, failures by code, report', async () => {
    requireBuiltCli();
    // Prepare: the job's tasks are held, so the page is open while the job is Active.
    const bucket = await emulator.createBucket('serve-console');
    const reports = await emulator.createBucket('serve-console-reports');
    await emulator.putObjects(bucket, { a: 'a', b: 'b' });
    const manifest = await putManifest(emulator, bucket, ['a', 'b', 'missing']);
    const proxy = await startRecordingProxy(emulator.info.endpoint);
    const server = await serve(
      emulator.processEnv({ AWS_ENDPOINT_URL: proxy.url }),
      await tempDir('s3bulk-serve-'),
      ['--concurrency', '1'],
    );
    const client = controlClient(server.endpoint, emulator);
    proxy.pause((r) => r.method === 'PUT' && r.path.includes('?tagging'));
    const { JobId } = await client.send(
      createJob(`console-${bucket}`, {
        Manifest: manifest,
        Report: reportOf(reports, 'console'),
        Priority: 7,
      }),
    );
    await waitFor(async () => proxy.held === 1, 'the first task in flight');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
    });
    const page = await browser.newPage();

    // Act
    await page.goto(`${server.endpoint}/`);
    const row = page.locator(`tr[data-job="${JobId}"]`);
    const listed = {
      status: await row.locator('[data-field="status"]').textContent(),
      priority: await row.locator('[data-field="priority"]').textContent(),
    };
    await row.locator('a').click();
    await page.waitForURL(`**/jobs/${JobId}`);
    const whileActive = await page.locator('[data-field="status"]').textContent();
    proxy.resume();
    // The page updates itself (no reload): wait for its status field to say so.
    await page
      .locator('[data-field="status"]', { hasText: /^Complete$/ })
      .waitFor({ timeout: 60_000 });
    const field = (name: string) => page.locator(`[data-field="${name}"]`).textContent();

    // Assess
    expect(listed).toEqual({ status: 'Active', priority: '7' });
    expect(whileActive).toBe('Active');
    expect(await field('succeeded')).toBe('2');
    expect(await field('failed')).toBe('1');
    expect(await field('total')).toBe('3');
    expect(await page.locator('[data-field="failuresByCode"] td').allTextContents()).toEqual([
      'NoSuchKey',
      '1',
    ]);
    expect(await field('report')).toBe(`s3://${reports}/console/job-${JobId}/manifest.json`);
    expect(
      await page.locator('[data-field="throughput"]').getAttribute('data-points'),
    ).not.toBeNull();
    client.destroy();
    await proxy.stop();
  });
});
