import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { useEmulator } from '@s3bulk/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli, tempDir } from './run-cli.js';
import { createBatchSetup, type BatchSetup, submitCli } from './submit-batch-env.js';

const emulator = useEmulator();
let setup: BatchSetup;

const LINES = 10_000_000;
const RSS_LIMIT_KB = 256 * 1024;

beforeAll(async () => {
  setup = await createBatchSetup(emulator, `submit-mem-${Date.now().toString(36)}`);
});

/** A csv manifest of `lines` short rows, written in large chunks. */
async function writeManifest(path: string, lines: number): Promise<void> {
  const out = createWriteStream(path);
  const chunk = 100_000;
  for (let start = 0; start < lines; start += chunk) {
    let text = '';
    for (let i = start; i < Math.min(lines, start + chunk); i++) text += `mem,${i.toString(36)}\n`;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

describe('cli: s3bulk submit of a large local manifest', { timeout: 600_000 }, () => {
  it('checks and uploads a 10,000,000-line manifest in under 256 MB of memory', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await emulator.createBucket('submit-mem');
    const dir = await tempDir();
    const manifest = join(dir, 'ten-million.csv');
    await writeManifest(manifest, LINES);
    // The CLI reports its own peak RSS as it exits (kilobytes, as getrusage gives it).
    const rssFile = join(dir, 'max-rss');
    const probe = join(dir, 'rss-probe.mjs');
    await writeFile(
      probe,
      `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`,
    );

    // Act
    const result = await submitCli(
      setup,
      emulator,
      [
        '--manifest',
        manifest,
        '--format',
        'csv',
        '--operation',
        '{"S3PutObjectTagging":{"TagSet":[]}}',
        '--manifest-upload',
        `s3://${bucket}/input/`,
        '--shards',
        '10',
      ],
      { NODE_OPTIONS: `--import ${probe}` },
    );

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`Manifest checked: ${LINES} rows`);
    const maxRssKb = Number(await readFile(rssFile, 'utf8'));
    expect(maxRssKb).toBeGreaterThan(0);
    expect(maxRssKb).toBeLessThan(RSS_LIMIT_KB);
    const head = await emulator.s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: 'input/ten-million.csv' }),
    );
    expect(head.ContentLength).toBeGreaterThan(LINES * 5);
  });
});
