#!/usr/bin/env node
// `npm run demo`: the quick start. Starts moto_server, makes sample buckets, and runs two jobs
// through the built CLI exactly as a user would: a pairs sync (the AWS Batch guide's CSV) and a
// tagging job from an S3 Batch Operations CSV. The emulator is stopped however the demo ends.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateBucketCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  PutObjectCommand,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { TestEmulator, deterministicBytes, encodeManifestKey, startMoto } from '@s3bulk/testing';

// The SDK's Node 20 end-of-support notice would print from this process too (the CLI silences its
// own): the SDK reads the variable when a client is made, after these imports.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'apps/cli/bin/run.js');
const MiB = 1024 * 1024;
const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const step = (s) => console.log(`\n${bold(`==> ${s}`)}`);

let handle;
async function stop(code) {
  if (handle) await handle.stop().catch(() => undefined);
  handle = undefined;
  process.exit(code);
}
process.once('SIGINT', () => {
  console.log('\nInterrupted: stopping the emulator.');
  void stop(130);
});

/** Run the built CLI; its output goes to the terminal and is kept for the demo to read. */
function s3bulk(args, env) {
  console.log(`$ s3bulk ${args.map((a) => (/^[\w./:=@-]+$/.test(a) ? a : `'${a}'`)).join(' ')}`);
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    child.once('error', reject);
    child.once('close', (code) => resolveRun({ code, stdout }));
  });
}

async function listKeys(s3, bucket, prefix = '') {
  const keys = [];
  for await (const page of paginateListObjectsV2(
    { client: s3 },
    { Bucket: bucket, Prefix: prefix },
  ))
    for (const o of page.Contents ?? []) keys.push(`${o.Key} (${o.Size} bytes)`);
  return keys;
}

/** The first rows of a completion report: manifest.json names the results CSV files. */
async function reportRows(s3, reportPath, count) {
  const read = async (location) => {
    if (!location.startsWith('s3://')) return readFile(location, 'utf8');
    const [, bucket, key] = /^s3:\/\/([^/]+)\/(.+)$/.exec(location);
    const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return res.Body.transformToString();
  };
  const manifest = JSON.parse(await read(reportPath));
  const rows = [];
  for (const result of manifest.Results) {
    const where = result.Bucket
      ? `s3://${result.Bucket}/${result.Key}`
      : join(dirname(dirname(reportPath)), result.Key);
    rows.push(...(await read(where)).split('\n').filter(Boolean));
  }
  return { schema: manifest.ReportSchema, rows: rows.slice(0, count), total: rows.length };
}

async function main() {
  step('Starting moto_server (a local S3 API)');
  handle = await startMoto();
  const emulator = new TestEmulator(handle.info);
  const { s3 } = emulator;
  const env = {
    ...emulator.processEnv(),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  console.log(`S3 API at ${handle.info.endpoint} (AWS_ENDPOINT_URL for the CLI)`);
  const work = await mkdtemp(join(tmpdir(), 's3bulk-demo-'));

  step('Creating buckets with sample data');
  for (const bucket of ['demo-source', 'demo-destination', 'demo-input', 'demo-reports'])
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const put = (Bucket, Key, Body) => s3.send(new PutObjectCommand({ Bucket, Key, Body }));
  const sources = {
    'photos/2024/01/beach.jpg': 'beach',
    'photos/2024/02/snow day.jpg': 'snow with a space in the key',
    'photos/2025/café/crème brûlée.jpg': 'unicode keys',
    'photos/raw/clip.mov': deterministicBytes(12 * MiB, 42),
    'reports/q1+q2.csv': 'a plus sign in the key',
    'reports/100% done.txt': 'a percent sign in the key',
    'docs/readme.txt': 'one object copied by an object row',
  };
  for (const [key, body] of Object.entries(sources)) await put('demo-source', key, body);
  // Already at the destination: one up to date (skipped), one gone at the source (deleted).
  await put('demo-destination', 'backup/photos/2024/01/beach.jpg', 'BEACH');
  await put('demo-destination', 'backup/photos/old/removed.jpg', 'deleted at the source');
  console.log('demo-source:');
  for (const key of await listKeys(s3, 'demo-source')) console.log(`  ${key}`);
  console.log('demo-destination (before):');
  for (const key of await listKeys(s3, 'demo-destination')) console.log(`  ${key}`);

  step('Job 1: sync pairs from a CSV in S3 (as in the AWS Batch copy/sync guide)');
  const pairs = [
    'source,destination',
    's3://demo-source/photos/,s3://demo-destination/backup/photos/',
    's3://demo-source/reports/,s3://demo-destination/backup/reports/',
    's3://demo-source/docs/readme.txt,s3://demo-destination/backup/docs/README.txt',
    '',
  ].join('\n');
  await put('demo-input', 'input/s3_batch_sync_input-demo.csv', pairs);
  console.log(pairs);
  const pairsFlags = [
    '--manifest',
    's3://demo-input/input/s3_batch_sync_input-demo.csv',
    '--header',
    '--sync-delete',
    // Lowered from 5 GiB so the 12 MiB clip shows a multipart copy.
    '--multipart-threshold',
    '8MiB',
    '--part-size',
    '5MiB',
    '--job-dir',
    join(work, 'jobs'),
  ];
  await s3bulk(['plan', ...pairsFlags], env);
  const sync = await s3bulk(['run', ...pairsFlags, '--report', join(work, 'reports')], env);
  if (sync.code !== 0) throw new Error(`the pairs job exited with ${sync.code}`);
  console.log('demo-destination (after):');
  for (const key of await listKeys(s3, 'demo-destination')) console.log(`  ${key}`);
  await showReport(s3, sync.stdout);

  step('Job 2: tag objects listed in an S3 Batch Operations CSV (Bucket,Key, keys URL-encoded)');
  const tagged = [
    'backup/photos/2024/02/snow day.jpg',
    'backup/reports/q1+q2.csv',
    'backup/docs/README.txt',
  ];
  const csv = tagged.map((key) => `demo-destination,${encodeManifestKey(key)}\n`).join('');
  await put('demo-input', 'manifests/tagging.csv', csv);
  console.log(csv.trimEnd());
  const operation = '{"S3PutObjectTagging":{"TagSet":[{"Key":"project","Value":"s3bulk-demo"}]}}';
  const tagging = await s3bulk(
    [
      'run',
      '--manifest',
      's3://demo-input/manifests/tagging.csv',
      '--operation',
      operation,
      '--report',
      's3://demo-reports/s3bulk',
      '--job-dir',
      join(work, 'jobs'),
    ],
    env,
  );
  if (tagging.code !== 0) throw new Error(`the tagging job exited with ${tagging.code}`);
  const tags = await s3.send(
    new GetObjectTaggingCommand({ Bucket: 'demo-destination', Key: tagged[0] }),
  );
  console.log(`Tags of ${tagged[0]}: ${JSON.stringify(tags.TagSet)}`);
  await showReport(s3, tagging.stdout);

  step('Done');
  console.log(`Job folders (spec, ledger, state) and the local report are in ${work}`);
  console.log('Next: `s3bulk run --help`, and docs/cli.md.');
}

async function showReport(s3, stdout) {
  const reportPath = /^Report: (.+)$/m.exec(stdout)?.[1];
  if (!reportPath) return;
  const { schema, rows, total } = await reportRows(s3, reportPath, 4);
  console.log(`Completion report ${reportPath} (${total} rows; ${schema}):`);
  for (const row of rows) console.log(`  ${row}`);
}

main().then(
  () => stop(0),
  (error) => {
    console.error(`\nThe demo failed: ${error.message}`);
    return stop(1);
  },
);
