// W1-W4 of issue 6 (W6: issue 13): what each tool is asked to do, and how its result is checked.
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { awsEnv, RCLONE_TUNED, rcloneEnv, s3bulkEnv, TUNED_CONCURRENCY } from './peers.mjs';

const ROOT = new URL('../../../', import.meta.url).pathname;
const CLI = join(ROOT, 'apps/cli/bin/run.js');
const RAW = join(ROOT, 'tools/bench/raw-client.mjs');
const SDK = join(ROOT, 'tools/bench/sdk-client.mjs');
const W5_SHARDS = join(ROOT, 'tools/bench/w5-shards.mjs');
const COPY_OPERATION = JSON.stringify({ S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::dst' } });

export function sizes(quick) {
  return quick
    ? {
        w1Objects: 1_000,
        w2Objects: 10,
        w2Size: 16 * 1024 * 1024,
        w3Keys: 10_000,
        w4Lines: [100_000, 1_000_000],
        w5Lines: 100_000,
        w6Objects: [10_000, 100_000],
        runs: 1,
      }
    : {
        w1Objects: 10_000,
        w2Objects: 100,
        w2Size: 64 * 1024 * 1024,
        w3Keys: 100_000,
        w4Lines: [1_000_000, 10_000_000],
        w5Lines: 1_000_000,
        w6Objects: [10_000, 100_000, 1_000_000],
        runs: 3,
      };
}

async function writeLines(path, count, line) {
  const out = createWriteStream(path);
  let batch = '';
  for (let index = 0; index < count; index += 1) {
    batch += line(index);
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
}

const key = (prefix, index) => `${prefix}${String(index).padStart(8, '0')}`;

/** Contenders of a bucket-to-bucket copy of everything under `prefix` (W1, W2). */
async function copyContenders(ctx, prefix, count, s3bulkVariants = []) {
  const { peers, workdir, endpoint } = ctx;
  const manifest = join(workdir, `${prefix.replace('/', '')}.csv`);
  await writeLines(manifest, count, (index) => `src,${key(prefix, index)}\n`);
  const src = `s3://src/${prefix}`;
  const dst = `s3://dst/${prefix}`;
  const list = [];
  for (const [id, label] of [
    ['awsV1', 'aws CLI v1'],
    ['awsV2', 'aws CLI v2'],
  ]) {
    for (const tuned of [false, true]) {
      list.push({
        label: `${label} ${tuned ? 'tuned' : 'defaults'}`,
        peer: id,
        tuned,
        // 5-8x slower than s3bulk: one run shows it, three took a quarter of a full run.
        runs: 1,
        command: peers[id].bin,
        args: [
          's3',
          'cp',
          src,
          dst,
          '--recursive',
          '--only-show-errors',
          '--endpoint-url',
          endpoint,
        ],
        env: await awsEnv(workdir, tuned),
      });
    }
  }
  for (const tuned of [false, true]) {
    list.push({
      label: `rclone ${tuned ? 'tuned' : 'defaults'}`,
      peer: 'rclone',
      tuned,
      command: peers.rclone.bin,
      args: ['copy', `sim:src/${prefix}`, `sim:dst/${prefix}`, ...(tuned ? RCLONE_TUNED : [])],
      env: await rcloneEnv(workdir, endpoint),
      // 4 transfers, each a HEAD and a copy at 20 ms: latency-bound and steady, one bounded run
      // is enough (its rate shows by the objects copied before the cut-off).
      runs: tuned ? undefined : 1,
      bounded: !tuned,
    });
  }
  list.push({
    label: 's3bulk defaults',
    peer: 's3bulk',
    command: process.execPath,
    args: [
      CLI,
      'run',
      '--manifest',
      manifest,
      '--format',
      'csv',
      '--operation',
      COPY_OPERATION,
      '--endpoint-url',
      endpoint,
      '--json',
      '--job-dir',
      join(workdir, 'jobs'),
      '--report',
      join(workdir, 'reports'),
    ],
    env: s3bulkEnv(),
  });
  // The same job at other settings: what the defaults are chosen from (after the defaults row,
  // which the targets read).
  const defaults = list.at(-1);
  for (const variant of s3bulkVariants) {
    list.push({
      ...defaults,
      label: variant.label,
      args: [...defaults.args, ...variant.args],
      runs: variant.runs,
    });
  }
  list.push({
    label: `raw client (${TUNED_CONCURRENCY} in flight)`,
    peer: 'raw',
    command: process.execPath,
    args: [
      RAW,
      '--endpoint',
      endpoint,
      '--manifest',
      manifest,
      '--target',
      'dst',
      '--concurrency',
      String(TUNED_CONCURRENCY),
    ],
    env: process.env,
  });
  list.push({
    label: `AWS SDK v3 loop (${TUNED_CONCURRENCY} in flight)`,
    peer: 'raw',
    // No target reads it: it shows what the SDK's middleware costs per request.
    runs: 1,
    command: process.execPath,
    args: [
      SDK,
      '--endpoint',
      endpoint,
      '--manifest',
      manifest,
      '--target',
      'dst',
      '--concurrency',
      String(TUNED_CONCURRENCY),
    ],
    env: s3bulkEnv(),
  });
  for (const contender of list) {
    contender.before = () => ctx.sim.admin('clear', { bucket: 'dst' });
    contender.check = async () => {
      const buckets = await ctx.sim.admin('buckets');
      const copied = buckets.dst ?? 0;
      return { ok: copied === count, detail: `${copied}/${count} copied` };
    };
  }
  return list;
}

export async function w1(ctx) {
  const { w1Objects } = ctx.sizes;
  await ctx.sim.admin('seed', { bucket: 'src', prefix: 'w1/', count: w1Objects, size: 4096 });
  return {
    id: 'W1',
    title: `copy ${w1Objects.toLocaleString('en')} objects of 4 KiB bucket to bucket`,
    objects: w1Objects,
    contenders: await copyContenders(
      ctx,
      'w1/',
      w1Objects,
      [16, 32, 128].map((n) => ({
        label: `s3bulk --concurrency ${n}`,
        args: ['--concurrency', `${n}`],
        // Below the default, latency-bound and steady: one run each.
        runs: n < 64 ? 1 : undefined,
      })),
    ),
  };
}

export async function w2(ctx) {
  const { w2Objects, w2Size } = ctx.sizes;
  await ctx.sim.admin('clear', { bucket: 'src', prefix: 'w1/' });
  await ctx.sim.admin('seed', { bucket: 'src', prefix: 'w2/', count: w2Objects, size: w2Size });
  // Multipart copies at two part sizes, against the default of one CopyObject below 5 GiB.
  const parts = [8, 32].map((mib) => ({
    label: `s3bulk multipart, ${mib} MiB parts`,
    args: ['--multipart-threshold', '1MiB', '--part-size', `${mib}MiB`],
  }));
  // The raw client stays as the floor of the 1.2x target: a bare Node process that sends the
  // pre-signed copies and nothing else (no job file, no job folder, no report).
  const contenders = (await copyContenders(ctx, 'w2/', w2Objects, parts)).filter(
    (c) => c.peer !== 'raw' || c.label.startsWith('raw client'),
  );
  return {
    id: 'W2',
    title: `copy ${w2Objects} objects of ${w2Size / 1024 / 1024} MiB server-side`,
    objects: w2Objects,
    contenders,
  };
}

/** W3: src and dst hold the same keys; 0.5% differ in size, 0.5% are newer at the source. */
export async function w3(ctx) {
  const { w3Keys } = ctx.sizes;
  const old = '2026-01-01T00:00:00.000Z';
  const step = 200;
  const changed = Math.floor(w3Keys / step);
  await ctx.sim.admin('clear', { bucket: 'src', prefix: 'w2/' });
  await ctx.sim.admin('clear', { bucket: 'dst' });
  await ctx.sim.admin('seed', [
    { bucket: 'src', prefix: 'w3/', count: w3Keys, size: 1024, lastModified: old },
    { bucket: 'dst', prefix: 'w3/', count: w3Keys, size: 1024, lastModified: old },
    { bucket: 'dst', prefix: 'w3/', start: 7, step, count: changed, size: 2048, lastModified: old },
    {
      bucket: 'src',
      prefix: 'w3/',
      start: 107,
      step,
      count: changed,
      size: 1024,
      variant: 1,
      lastModified: '2026-02-01T00:00:00.000Z',
    },
  ]);
  const expected = changed * 2;
  // The keys every tool must plan: those seeded bigger at dst, and those newer at src.
  const expectedKeys = new Set();
  for (let i = 0; i < changed; i += 1) {
    expectedKeys.add(key('w3/', 7 + i * step));
    expectedKeys.add(key('w3/', 107 + i * step));
  }
  const { peers, workdir, endpoint } = ctx;
  const pairs = join(workdir, 'w3-pairs.csv');
  await writeFile(pairs, 's3://src/w3/,s3://dst/w3/\n');
  // Planned keys from a tool's output: the first group of `pattern`, prefixed with `prefix`.
  const keysFrom =
    (pattern, prefix = '') =>
    (result) =>
      (result.stdout + result.stderr)
        .split('\n')
        .map((line) => pattern.exec(line)?.[1])
        .filter((found) => found !== undefined)
        .map((found) => `${prefix}${found}`);
  const list = [];
  for (const [id, label] of [
    ['awsV1', 'aws CLI v1'],
    ['awsV2', 'aws CLI v2'],
  ]) {
    list.push({
      label: `${label} s3 sync --dryrun`,
      peer: id,
      runs: 1,
      command: peers[id].bin,
      args: ['s3', 'sync', 's3://src/w3/', 's3://dst/w3/', '--dryrun', '--endpoint-url', endpoint],
      env: await awsEnv(workdir, false),
      planned: keysFrom(/^\(dryrun\) copy: s3:\/\/src\/(\S+) to /),
    });
  }
  const rclone = await rcloneEnv(workdir, endpoint);
  const rcloneRuns = [
    // rclone HEADs both sides of every same-size pair for its modtime: one bounded run each.
    ['rclone sync --dry-run (defaults)', [], 1],
    ['rclone sync --dry-run (tuned)', RCLONE_TUNED, 1],
    [
      'rclone sync --dry-run --use-server-modtime (tuned)',
      [...RCLONE_TUNED, '--use-server-modtime'],
      undefined,
    ],
  ];
  for (const [label, extra, runs] of rcloneRuns) {
    list.push({
      label,
      peer: 'rclone',
      command: peers.rclone.bin,
      args: ['sync', 'sim:src/w3', 'sim:dst/w3', '--dry-run', ...extra],
      env: rclone,
      runs,
      bounded: runs === 1,
      planned: keysFrom(/NOTICE: (\S+): Skipped copy as --dry-run/, 'w3/'),
    });
  }
  list.push({
    label: 's3bulk plan (pairs prefix row)',
    peer: 's3bulk',
    command: process.execPath,
    args: [
      CLI,
      'plan',
      '--manifest',
      pairs,
      '--format',
      'pairs',
      '--json',
      '--endpoint-url',
      endpoint,
      // Every planned task in the JSON, so its keys can be checked too.
      '--show',
      String(expected),
    ],
    env: s3bulkEnv(),
    planned: (result) => plannedCopies(result.stdout),
  });
  for (const contender of list) {
    contender.check = async (result) => {
      const found = contender.planned(result) ?? [];
      const planned = found.length;
      const wrong = found.filter((k) => !expectedKeys.has(k)).length;
      const missing = [...expectedKeys].filter((k) => !found.includes(k)).length;
      const ok = planned === expected && wrong === 0 && missing === 0;
      const keys = ok ? 'the changed keys' : `${wrong} not changed, ${missing} changed missed`;
      return { ok, planned, detail: `${planned}/${expected} planned (${keys})` };
    };
  }
  return {
    id: 'W3',
    title: `sync planning over ${w3Keys.toLocaleString('en')} keys, ${expected} changed`,
    objects: w3Keys,
    expected,
    contenders: list,
  };
}

/**
 * Keys of the copies in an `s3bulk plan --json --show N` result (`tasks`), checked against the
 * `actions` count: a count the shown tasks do not match is no result.
 */
export function plannedCopies(stdout) {
  try {
    const plan = JSON.parse(stdout.slice(stdout.indexOf('{')));
    const copies = Object.entries(plan.actions ?? {})
      .filter(([action]) => /copy/i.test(action))
      .reduce((sum, [, count]) => sum + Number(count), 0);
    const keys = (plan.tasks ?? [])
      .filter((task) => /copy/i.test(task.action))
      .map((task) => task.object.replace(/^s3:\/\/src\//, ''));
    return keys.length === copies ? keys : undefined;
  } catch {
    return undefined;
  }
}

/** W4: `s3bulk plan` over generated csv manifests; peak RSS should stay flat. */
export async function w4(ctx) {
  const contenders = [];
  for (const lines of ctx.sizes.w4Lines) {
    const manifest = join(ctx.cacheDir, `w4-${lines}.csv`);
    const existing = await stat(manifest).catch(() => undefined);
    if (!existing) await writeLines(manifest, lines, (index) => `src,${key('w4/', index)}\n`);
    contenders.push({
      label: `s3bulk plan, ${lines.toLocaleString('en')} lines`,
      peer: 's3bulk',
      lines,
      command: process.execPath,
      args: [
        CLI,
        'plan',
        '--manifest',
        manifest,
        '--format',
        'csv',
        '--operation',
        COPY_OPERATION,
        '--endpoint-url',
        ctx.endpoint,
        '--json',
        '--show',
        '0',
      ],
      env: s3bulkEnv(),
      check: async (result) => {
        try {
          const plan = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
          return { ok: plan.total === lines, detail: `${plan.total} tasks` };
        } catch {
          return {
            ok: false,
            detail: `exit ${result.code}: ${result.stderr.trim().split('\n').pop()?.slice(0, 120)}`,
          };
        }
      },
    });
  }
  return { id: 'W4', title: 's3bulk plan over large csv manifests', contenders };
}

/** A manifest's longest row, as the readers bound it: a shard's tail read runs at most this far. */
const MAX_LINE_BYTES = 64 * 1024;

/**
 * W5: the 4 children of an AWS Batch array job (the bundled worker, side by side) over one csv
 * manifest in the simulator: each fetches at most 1.1x a quarter of the manifest, and the job's
 * one report holds every line exactly once.
 */
export async function w5(ctx) {
  const lines = ctx.sizes.w5Lines;
  const shards = 4;
  const worker = join(ctx.workdir, 'worker', 'main.mjs');
  const bundled = spawnSync(
    process.execPath,
    [join(ROOT, 'apps/worker/scripts/bundle.mjs'), worker],
    { encoding: 'utf8' },
  );
  const missing = bundled.status === 0 ? undefined : `worker bundle failed: ${bundled.stderr}`;
  const text = join(ctx.cacheDir, `w5-${lines}.csv`);
  if (!(await stat(text).catch(() => undefined))) {
    await writeLines(text, lines, (index) => `src,${key('w5/', index)}\n`);
  }
  const { size } = await stat(text);
  const jobId = `w5-${Date.now()}`;
  const manifest = 's3://src/w5-in/manifest.csv';
  return {
    id: 'W5',
    title: `${shards} worker processes over one ${lines.toLocaleString('en')}-line csv manifest in S3`,
    contenders: [
      {
        label: `s3bulk worker x${shards}, ${lines.toLocaleString('en')} lines`,
        peer: 's3bulk',
        objects: lines,
        runs: 1,
        skipped: missing,
        // Sized to the job, as W6: ample for a busy machine.
        timeoutMs: Math.max(300_000, lines * 5),
        before: async () => {
          await ctx.sim.admin('clear', { bucket: 'src' });
          await ctx.sim.admin('clear', { bucket: 'dst' });
          await ctx.sim.admin('seed', { bucket: 'src', prefix: 'w5/', count: lines, size: 1 });
          // The simulator verifies no signature: a plain PUT stores the manifest.
          const put = await fetch(`${ctx.endpoint}/src/w5-in/manifest.csv`, {
            method: 'PUT',
            body: await readFile(text),
          });
          if (!put.ok) throw new Error(`manifest upload: HTTP ${put.status}`);
        },
        command: process.execPath,
        args: [
          W5_SHARDS,
          ...['--worker', worker, '--shards', String(shards), '--manifest', manifest],
          ...['--job', jobId, '--checkpoint', 's3://src/w5-ck/', '--report', 's3://src/w5-reports'],
          ...['--operation', COPY_OPERATION],
        ],
        env: { ...s3bulkEnv(), AWS_ENDPOINT_URL: ctx.endpoint },
        check: (result) => checkShards(ctx, result, { lines, shards, jobId, size }),
      },
    ],
  };
}

/** Each child's GET bytes of the manifest (from the simulator's reads) and the job's one report. */
async function checkShards(ctx, result, { lines, shards, jobId, size }) {
  let children;
  try {
    children = JSON.parse(result.stdout.trim().split('\n').pop()).children;
  } catch {
    return { ok: false, detail: 'no summary from tools/bench/w5-shards.mjs' };
  }
  const reads = result.stats.reads.filter(
    (r) => r.bucket === 'src' && r.key === 'w5-in/manifest.csv',
  );
  // Every child reads the first two bytes (is it gzip?) the same way: an equal part each.
  const heads = reads.filter((r) => r.first === 0 && r.last <= 1);
  const headBytes = heads.reduce((sum, r) => sum + r.bytes, 0) / shards;
  const fetched = children.map(({ share }) => {
    const { start, end } = share?.bytes ?? { start: 0, end: 0 };
    const own = reads.filter(
      (r) =>
        !heads.includes(r) &&
        ((r.first === Math.max(0, start - 1) && r.last === end - 1) ||
          (r.first >= end && r.first <= end + MAX_LINE_BYTES + 1)),
    );
    return headBytes + own.reduce((sum, r) => sum + r.bytes, 0);
  });
  const ratio = Math.max(...fetched) / (size / shards);
  const keys = await reportedKeys(ctx, jobId);
  const expected = (k) => /^w5\/\d{8}$/.test(k) && Number(k.slice(3)) < lines;
  const exact = keys.length === lines && new Set(keys).size === lines && keys.every(expected);
  return {
    ok: ratio <= 1.1 && exact && result.stats.readsDropped === 0,
    shareRatio: ratio,
    detail: `children fetched ${fetched.map((b) => (b / (size / shards)).toFixed(3)).join(', ')}x of size/${shards}; report ${keys.length.toLocaleString('en')} rows, ${exact ? 'exactly the manifest' : 'NOT the manifest'}`,
  };
}

/** Keys of the job's combined completion report, read through @s3bulk/core. */
async function reportedKeys(ctx, jobId) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { readCompletionReport } = await import('@s3bulk/core');
  const { S3Client } = await import('@aws-sdk/client-s3');
  const s3 = new S3Client({
    endpoint: ctx.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  try {
    const report = await readCompletionReport(`s3://src/w5-reports/job-${jobId}/manifest.json`, {
      s3,
    });
    const keys = [];
    for await (const row of report.rows()) if (row.status === 'succeeded') keys.push(row.key);
    return keys;
  } catch {
    return [];
  } finally {
    s3.destroy();
  }
}

/**
 * W6: the scale curve of one pairs prefix row (`s3bulk run`, 1 KiB objects, every one missing at
 * the destination): peak RSS, CPU per object and job folder bytes per task at growing sizes.
 */
export async function w6(ctx) {
  const contenders = [];
  const pairs = join(ctx.workdir, 'w6-pairs.csv');
  await writeFile(pairs, 's3://src/w6/,s3://dst/w6/\n');
  for (const objects of ctx.sizes.w6Objects) {
    const jobs = join(ctx.workdir, `w6-jobs-${objects}`);
    contenders.push({
      label: `s3bulk run, ${objects.toLocaleString('en')} objects`,
      peer: 's3bulk',
      objects,
      runs: 1,
      // Sized to the job: about 0.4 ms of wall time per object on an idle 2-vCPU machine, ample headroom for a busy one.
      timeoutMs: Math.max(180_000, objects * 5),
      before: async () => {
        await ctx.sim.admin('clear', { bucket: 'src' });
        await ctx.sim.admin('clear', { bucket: 'dst' });
        await ctx.sim.admin('seed', { bucket: 'src', prefix: 'w6/', count: objects, size: 1024 });
        await rm(jobs, { recursive: true, force: true });
      },
      command: process.execPath,
      args: [
        CLI,
        'run',
        '--manifest',
        pairs,
        '--format',
        'pairs',
        '--endpoint-url',
        ctx.endpoint,
        '--json',
        '--job-dir',
        jobs,
      ],
      env: s3bulkEnv(),
      check: async () => {
        const buckets = await ctx.sim.admin('buckets');
        const copied = buckets.dst ?? 0;
        const folderBytes = await bytesUnder(jobs);
        await rm(jobs, { recursive: true, force: true });
        return {
          ok: copied === objects,
          folderBytes,
          detail: `${copied}/${objects} copied, job folder ${(folderBytes / objects).toFixed(0)} bytes per task`,
        };
      },
    });
  }
  return { id: 'W6', title: 'scale curve: s3bulk run of one pairs prefix row', contenders };
}

/** Bytes of every file under `dir` (a job folder: its spec, state, ledger and plans). */
async function bytesUnder(dir) {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

/** W0: start-up alone: Node doing nothing, `s3bulk --version`, and rclone's `version`. */
export async function w0(ctx) {
  const ok = async (result) => ({ ok: result.code === 0, detail: `exit ${result.code}` });
  const runs = Math.max(3, ctx.sizes.runs);
  return {
    id: 'W0',
    title: 'start-up: a command that sends no request',
    contenders: [
      { label: 'node -e 0', peer: 'raw', command: process.execPath, args: ['-e', '0'] },
      {
        label: 's3bulk --version',
        peer: 's3bulk',
        command: process.execPath,
        args: [CLI, '--version'],
        env: s3bulkEnv(),
      },
      { label: 'rclone version', peer: 'rclone', command: ctx.peers.rclone.bin, args: ['version'] },
    ].map((contender) => ({ ...contender, runs, check: ok })),
  };
}
