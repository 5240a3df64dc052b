#!/usr/bin/env node
// By hand (too slow for `npm run bench`): `s3bulk plan` of one pairs prefix row over N keys
// (default 10,000,000) in the simulator, every key missing at the destination. Prints wall time,
// CPU and peak RSS. Usage: node tools/bench/plan-10m.mjs [--keys N] [--latency 20]
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measure, startSimulatorProcess } from './lib/measure.mjs';
import { s3bulkEnv } from './lib/peers.mjs';

const { values } = parseArgs({
  options: {
    keys: { type: 'string', default: '10000000' },
    latency: { type: 'string', default: '20' },
  },
});
const keys = Number(values.keys);
// 10M seeded keys take about 5 GiB of the simulator's heap (it ran out at Node's default 4 GiB).
const sim = await startSimulatorProcess({
  latencyMs: Number(values.latency),
  heapMiB: Math.max(4096, Math.ceil(keys / 1_000_000) * 1024),
});
try {
  // Seeded in slices short enough for fetch's 300 s answer timeout on a loaded machine (a 1M
  // slice took longer at load 20).
  for (let start = 0; start < keys; start += 100_000) {
    const count = Math.min(100_000, keys - start);
    await sim.admin('seed', { bucket: 'src', prefix: 'big/', start, count, size: 1 });
  }
  const dir = await mkdtemp(join(tmpdir(), 's3bulk-plan-big-'));
  const pairs = join(dir, 'pairs.csv');
  await writeFile(pairs, 's3://src/big/,s3://dst/big/\n');
  const cli = new URL('../../apps/cli/bin/run.js', import.meta.url).pathname;
  const args = [
    cli,
    'plan',
    '--manifest',
    pairs,
    '--format',
    'pairs',
    '--endpoint-url',
    sim.endpoint,
    '--json',
    '--show',
    '0',
  ];
  const result = await measure(process.execPath, args, { env: s3bulkEnv(), timeoutMs: 3_600_000 });
  const plan = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
  console.log(
    JSON.stringify({
      keys,
      planned: plan.total,
      wall: result.wall,
      cpu: result.cpu,
      rssMiB: result.rssMiB,
    }),
  );
} finally {
  await sim.stop();
}
