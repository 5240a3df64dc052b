#!/usr/bin/env node
// s3bulk against the AWS CLI (v1, v2), rclone and a raw client on the S3 simulator (loopback).
// Usage: npm run bench [-- --quick] [-- --runs N] [-- --only W1,W3] [-- --out path] [-- --no-readme]
// Writes bench/results/latest.md (or --out); a full run also updates README.md's Speed section.
// Figures are ratios within this one run.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, freemem, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { measure, startSimulatorProcess, TIME_BIN } from './lib/measure.mjs';
import { findPeers, installPeers } from './lib/peers.mjs';
import { readmeBody, updateReadme } from './lib/readme.mjs';
import { scaleTable, speedTable, summarize, targetLines, workloadTable } from './lib/report.mjs';
import { sizes as sizesFor, w0, w1, w2, w3, w4, w5, w6 } from './lib/workloads.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const { values } = parseArgs({
  allowNegative: true,
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    only: { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'bench/results/latest.md') },
    // A full run (no --quick, --only or --runs below 3) also puts its figures into README.md.
    readme: { type: 'boolean' },
    latency: { type: 'string', default: '20' },
    'budget-minutes': { type: 'string' },
  },
});
const started = Date.now();
const sizes = { ...sizesFor(values.quick), ...(values.runs ? { runs: Number(values.runs) } : {}) };
const only = values.only ? new Set(values.only.split(',')) : undefined;
const timeoutMs = values.quick ? 60_000 : 240_000;
// Contenders known to be slow by design (one run) are cut off earlier and marked TIMEOUT.
const boundedMs = values.quick ? 10_000 : 45_000;
// Repeat runs stop once a workload has used its share of the budget; first runs always happen.
const budgetMs = Number(values['budget-minutes'] ?? (values.quick ? 3 : 20)) * 60_000;
const BUDGET_SHARE = { W0: 0.1, W1: 0.4, W2: 0.1, W3: 0.2, W4: 0.15, W5: 0.15, W6: 0.15 };
const log = (message) =>
  process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`);

const notes = [];
installPeers(notes);
const peers = findPeers();
const cli = spawnSync(process.execPath, [join(ROOT, 'apps/cli/bin/run.js'), 'run', '--help'], {
  encoding: 'utf8',
});
const cliMissing =
  cli.status === 0 ? undefined : 's3bulk CLI not built or failing (`npx nx run cli:build`)';
if (cliMissing) notes.push(cliMissing);
peers.s3bulk = cliMissing ? { missing: cliMissing } : { version: cliVersion() };
peers.raw = { version: 'tools/bench/raw-client.mjs' };

const workdir = await mkdtemp(join(tmpdir(), 's3bulk-bench-'));
const cacheDir = join(tmpdir(), 's3bulk-bench-cache');
await mkdir(cacheDir, { recursive: true });
const sim = await startSimulatorProcess({ latencyMs: Number(values.latency) });
log(`simulator at ${sim.endpoint}, workdir ${workdir}`);
const ctx = { sim, peers, workdir, cacheDir, endpoint: sim.endpoint, sizes };

const byId = {};
const sections = [];
try {
  for (const build of [w0, w1, w2, w3, w4, w5, w6]) {
    const id = build.name.toUpperCase();
    if (only && !only.has(id)) continue;
    const workload = await build(ctx);
    log(`${workload.id}: ${workload.title}`);
    for (const contender of workload.contenders) {
      const peer = peers[contender.peer];
      if (!peer || peer.missing) contender.skipped = peer?.missing ?? 'not available';
      contender.results = [];
    }
    // Round robin over runs, so load from other processes spreads over every contender.
    const workloadStarted = Date.now();
    const rounds = Math.max(sizes.runs, ...workload.contenders.map((c) => c.runs ?? 0));
    for (let run = 0; run < rounds; run += 1) {
      if (run > 0 && Date.now() - workloadStarted > budgetMs * BUDGET_SHARE[workload.id]) {
        notes.push(
          `${workload.id}: stopped after ${run} run(s) per tool: its share of the ${budgetMs / 60_000}-minute budget was used.`,
        );
        break;
      }
      for (const contender of workload.contenders) {
        const last = contender.results.at(-1);
        if (contender.skipped || run >= (contender.runs ?? sizes.runs) || last?.timedOut) continue;
        await contender.before?.();
        await sim.admin('reset', {});
        const limit = contender.timeoutMs ?? (contender.bounded ? boundedMs : timeoutMs);
        const result = await measure(contender.command, contender.args, {
          env: contender.env,
          timeoutMs: limit,
        });
        result.stats = await sim.admin('stats');
        result.check =
          result.code === 0 || result.timedOut
            ? await contender.check(result)
            : { ok: false, detail: `exit ${result.code}: ${tail(result.stderr || result.stdout)}` };
        contender.results.push(result);
        log(
          `  ${contender.label}: ${result.wall.toFixed(2)} s, cpu ${result.cpu.toFixed(2)} s, rss ${result.rssMiB.toFixed(0)} MiB, ${result.check.detail}${result.timedOut ? ' (timeout)' : ''}`,
        );
      }
    }
    const rows = workload.contenders.map(summarize);
    byId[workload.id] = rows;
    sections.push(workloadTable(workload, rows));
    if (workload.id === 'W6') sections.push(scaleTable(workload, rows));
  }
} finally {
  await sim.stop();
  await rm(workdir, { recursive: true, force: true });
}

const extra = process.argv.slice(2).join(' ');
const command = `npm run bench${extra ? ` -- ${extra}` : ''}`;
const report = [
  `# s3bulk benchmark${values.quick ? ' (quick)' : ''}`,
  '',
  `Command: \`${command}\` — ${new Date().toISOString()}, ${((Date.now() - started) / 1000).toFixed(0)} s in total.`,
  '',
  `Machine: ${cpus().length} vCPU (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory (${(freemem() / 2 ** 30).toFixed(1)} free at the end), Linux, Node ${process.version}.`,
  `Peers: ${['awsV1', 'awsV2', 'rclone', 's3bulk'].map((id) => `${id} ${peers[id].version ?? `missing (${peers[id].missing})`}`).join('; ')}.`,
  '',
  `Arena: the S3 simulator (tools/bench/simulator.mjs) in its own process on 127.0.0.1, ${values.latency} ms latency per request, no faults. Client CPU (user+sys) and peak RSS from \`${TIME_BIN} -f\`; wall time is the median of ${sizes.runs} run(s) unless Runs says otherwise. "vs s3bulk" is the tool's wall time over s3bulk's (above 1 = s3bulk faster). "Client object bytes" = PutObject/UploadPart bodies received + GetObject bodies sent by the simulator.`,
  '',
  '## Targets (issues 6 and 13)',
  '',
  ...targetLines(byId, sizes.w1Objects),
  '',
  '## Summary',
  '',
  speedTable(byId),
  '',
  '## Figures',
  '',
  ...sections,
  ...(notes.length > 0 ? ['## Notes', '', ...notes.map((n) => `- ${n}`), ''] : []),
].join('\n');
await mkdir(dirname(values.out), { recursive: true });
await writeFile(values.out, report);
log(`wrote ${values.out}`);
const fullRun = !values.quick && !only && sizes.runs >= 3;
if (values.readme ?? fullRun) {
  await updateReadme(
    join(ROOT, 'README.md'),
    readmeBody(speedTable(byId), command, new Date().toISOString().slice(0, 10)),
  );
  log('updated the Speed section of README.md');
}

function tail(text) {
  return text.trim().split('\n').pop()?.slice(0, 160) ?? '';
}

function cliVersion() {
  try {
    return execFileSync(process.execPath, [join(ROOT, 'apps/cli/bin/run.js'), '--version'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    return 'unknown';
  }
}
