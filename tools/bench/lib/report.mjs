// Renders bench/results/latest.md: one table per workload, ratios within this run, targets.
import { median } from './measure.mjs';

const fmt = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** Median figures of a contender's runs, plus the server counters of its last run. */
export function summarize(contender) {
  const runs = contender.results ?? [];
  const last = runs[runs.length - 1];
  return {
    label: contender.label,
    peer: contender.peer,
    skipped: contender.skipped,
    runs: runs.length,
    wall: median(runs.map((r) => r.wall)),
    cpu: median(runs.map((r) => r.cpu)),
    rssMiB: runs.some((r) => Number.isFinite(r.rssMiB))
      ? Math.max(...runs.map((r) => r.rssMiB).filter(Number.isFinite))
      : NaN,
    ok: runs.length > 0 && runs.every((r) => r.check.ok && !r.timedOut),
    timedOut: runs.some((r) => r.timedOut),
    detail: last ? `${last.timedOut ? 'TIMEOUT; ' : ''}${last.check.detail}` : '',
    planned: last?.check.planned,
    folderBytes: last?.check.folderBytes,
    shareRatio: last?.check.shareRatio,
    objects: contender.objects,
    stats: last?.stats,
    clientBytes: last ? last.stats.bytesIn + last.stats.bytesOut : NaN,
  };
}

function requests(stats) {
  if (!stats) return '';
  return Object.entries(stats.operations)
    .sort(([, a], [, b]) => b - a)
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
}

export function workloadTable(workload, rows) {
  const base = rows.find((r) => r.peer === 's3bulk' && !r.skipped && r.runs > 0);
  const lines = [
    `### ${workload.id}: ${workload.title}`,
    '',
    '| Tool | Runs | Wall s (median) | vs s3bulk | CPU s | Peak RSS MiB | Client object bytes | Server requests | Result |',
    '|---|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const row of rows) {
    if (row.skipped) {
      lines.push(`| ${row.label} | 0 | | | | | | | skipped: ${row.skipped} |`);
      continue;
    }
    const ratio =
      base && row !== base ? `${fmt(row.wall / base.wall)}x` : row === base ? '1.00x' : 'n/a';
    lines.push(
      `| ${row.label} | ${row.runs} | ${fmt(row.wall)} | ${ratio} | ${fmt(row.cpu)} | ${fmt(row.rssMiB, 0)} | ${row.clientBytes.toLocaleString('en')} | ${requests(row.stats)} | ${row.ok ? 'ok' : 'FAIL'}: ${row.detail} |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

/** W6: the figures per object of each size, next to each other. */
export function scaleTable(workload, rows) {
  const lines = [
    `#### ${workload.id} per object`,
    '',
    '| Objects | Wall s | CPU ms per object | Peak RSS MiB | Job folder bytes per task |',
    '|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows.filter((r) => r.runs > 0)) {
    lines.push(
      `| ${row.objects.toLocaleString('en')} | ${fmt(row.wall)} | ${fmt((row.cpu / row.objects) * 1000, 3)} | ${fmt(row.rssMiB, 0)} | ${fmt(row.folderBytes / row.objects, 0)} |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

const best = (rows, filter) =>
  rows.filter((r) => !r.skipped && r.ok && filter(r)).sort((a, b) => a.wall - b.wall)[0];
const line = (pass, text) => `- ${pass === undefined ? 'N/A ' : pass ? 'PASS' : 'MISS'} ${text}`;

/** PASS/MISS lines for the targets of issue 6 (reported, never asserted). */
export function targetLines(byId, objectsW1) {
  const out = [];
  const w1 = byId.W1 ?? [];
  const s1 = w1.find((r) => r.peer === 's3bulk' && r.ok);
  if (w1.length > 0) {
    const peerDefault = best(
      w1,
      (r) => ['awsV1', 'awsV2', 'rclone'].includes(r.peer) && r.label.includes('defaults'),
    );
    const peerTuned = best(
      w1,
      (r) => ['awsV1', 'awsV2', 'rclone'].includes(r.peer) && r.label.includes('tuned'),
    );
    const awsCpu = w1
      .filter((r) => r.peer?.startsWith('aws') && r.ok && r.label.includes('defaults'))
      .sort((a, b) => a.cpu - b.cpu)[0];
    const raw = w1.find((r) => r.label.startsWith('raw client') && r.ok);
    const r1 = s1 && peerDefault ? peerDefault.wall / s1.wall : NaN;
    out.push(
      line(
        s1 && peerDefault ? r1 >= 3 : undefined,
        `W1: s3bulk defaults at ${fmt(r1)}x the speed of the best peer at defaults (${peerDefault?.label ?? 'none'}); target >= 3x`,
      ),
    );
    const r2 = s1 && peerTuned ? peerTuned.wall / s1.wall : NaN;
    out.push(
      line(
        s1 && peerTuned ? r2 >= 1.5 : undefined,
        `W1: ${fmt(r2)}x the speed of the best tuned peer (${peerTuned?.label ?? 'none'}); target >= 1.5x`,
      ),
    );
    const cpuS = s1 ? (s1.cpu / objectsW1) * 1000 : NaN;
    const cpuA = awsCpu ? (awsCpu.cpu / objectsW1) * 1000 : NaN;
    out.push(
      line(
        s1 && awsCpu ? cpuS <= cpuA / 2 : undefined,
        `W1: CPU per object ${fmt(cpuS, 3)} ms vs ${fmt(cpuA, 3)} ms for ${awsCpu?.label ?? 'the AWS CLI'}; target <= half`,
      ),
    );
    const r3 = s1 && raw ? raw.wall / s1.wall : NaN;
    out.push(
      line(
        s1 && raw ? r3 >= 0.7 : undefined,
        `W1: s3bulk reaches ${fmt(r3 * 100, 0)}% of the raw client's rate; target >= 70%`,
      ),
    );
  }
  const w2 = byId.W2 ?? [];
  if (w2.length > 0) {
    const s2 = w2.find((r) => r.peer === 's3bulk' && r.ok);
    const tuned = best(w2, (r) => r.peer !== 's3bulk' && r.label.includes('tuned'));
    out.push(
      line(
        s2 ? s2.clientBytes === 0 : undefined,
        `W2: ${s2 ? s2.clientBytes.toLocaleString('en') : 'n/a'} object bytes through the s3bulk client; target 0`,
      ),
    );
    out.push(
      line(
        s2 && tuned ? s2.wall <= tuned.wall : undefined,
        `W2: s3bulk ${fmt(s2?.wall)} s vs best tuned peer ${fmt(tuned?.wall)} s (${tuned?.label ?? 'none'}); target at least as fast`,
      ),
    );
  }
  const w3 = byId.W3 ?? [];
  if (w3.length > 0) {
    const s3 = w3.find((r) => r.peer === 's3bulk' && r.runs > 0);
    const heads = s3?.stats?.operations.HeadObject ?? 0;
    out.push(
      line(
        s3 ? s3.ok : undefined,
        `W3: s3bulk planned ${s3?.planned ?? 'n/a'}; target exactly the changed keys`,
      ),
    );
    out.push(line(s3 ? heads === 0 : undefined, `W3: ${heads} HEAD requests by s3bulk; target 0`));
    const aws = best(w3, (r) => r.peer?.startsWith('aws'));
    const r = s3?.ok && aws ? aws.wall / s3.wall : NaN;
    out.push(
      line(
        s3?.ok && aws ? r >= 3 : undefined,
        `W3: ${fmt(r)}x the speed of ${aws?.label ?? 'aws s3 sync --dryrun'}; target >= 3x`,
      ),
    );
  }
  const w4 = byId.W4 ?? [];
  if (w4.length > 0) {
    const [small, large] = w4;
    out.push(
      line(
        large?.ok ? large.rssMiB < 256 : undefined,
        `W4: peak RSS ${fmt(large?.rssMiB, 0)} MiB at ${large?.label ?? ''}; target < 256 MiB`,
      ),
    );
    const flat = small?.ok && large?.ok ? large.rssMiB <= small.rssMiB * 1.25 : undefined;
    out.push(
      line(
        flat,
        `W4: ${fmt(small?.rssMiB, 0)} MiB -> ${fmt(large?.rssMiB, 0)} MiB; target flat (within 25%)`,
      ),
    );
  }
  const tenMillion = w4.find((r) => r.ok && /10,000,000/.test(r.label));
  if (tenMillion) {
    out.push(
      line(
        tenMillion.wall <= 20,
        `W4: ${tenMillion.label} in ${fmt(tenMillion.wall)} s (CPU ${fmt(tenMillion.cpu)} s); target <= 20 s`,
      ),
    );
  }
  const w5 = (byId.W5 ?? []).find((r) => !r.skipped && r.runs > 0);
  if (w5) {
    out.push(
      line(
        Number.isFinite(w5.shareRatio) ? w5.shareRatio <= 1.1 : undefined,
        `W5: the largest child fetched ${fmt(w5.shareRatio, 3)}x size/4 of the manifest; target <= 1.1x`,
      ),
      line(w5.ok, `W5: ${w5.detail.split('; ').pop()}; target exactly the manifest`),
    );
  }
  const w0 = byId.W0 ?? [];
  const version = w0.find((r) => r.peer === 's3bulk' && r.ok);
  const bare = w0.find((r) => r.label === 'node -e 0' && r.ok);
  if (version && bare) {
    out.push(
      line(
        version.wall <= bare.wall * 2,
        `W0: s3bulk --version ${fmt(version.wall)} s vs node -e 0 ${fmt(bare.wall)} s (${fmt(version.wall / bare.wall)}x); target <= 2x`,
      ),
    );
  }
  const w2rows = byId.W2 ?? [];
  const s2 = w2rows.find((r) => r.peer === 's3bulk' && r.ok);
  const rclone2 = w2rows.find((r) => r.label === 'rclone tuned' && r.ok);
  if (s2 && rclone2) {
    out.push(
      line(
        s2.wall <= rclone2.wall * 1.2,
        `W2: s3bulk ${fmt(s2.wall)} s vs rclone tuned ${fmt(rclone2.wall)} s (${fmt(s2.wall / rclone2.wall)}x); target within 1.2x`,
      ),
    );
    const floor = w2rows.find((r) => r.label.startsWith('raw client') && r.ok);
    if (floor) {
      out.push(
        `- INFO W2: the floor, a bare Node process sending the same pre-signed copies (raw client): ${fmt(floor.wall)} s, ${fmt(floor.wall / rclone2.wall)}x rclone tuned; s3bulk ${fmt((s2.wall - floor.wall) * 1000, 0)} ms above it`,
      );
    }
  }
  out.push(...scaleTargets(byId.W6 ?? []));
  return out;
}

/** W6 targets: flat memory and CPU per object along the curve, a small job folder. */
function scaleTargets(w6) {
  const ran = w6.filter((r) => r.ok);
  if (ran.length === 0) return [];
  const out = [];
  const largest = ran.at(-1);
  const previous = ran.at(-2);
  out.push(
    line(
      largest.rssMiB <= 256,
      `W6: peak RSS ${fmt(largest.rssMiB, 0)} MiB at ${largest.objects.toLocaleString('en')} objects; target <= 256 MiB`,
    ),
  );
  if (previous) {
    out.push(
      line(
        largest.rssMiB <= previous.rssMiB * 1.25,
        `W6: peak RSS ${fmt(previous.rssMiB, 0)} MiB -> ${fmt(largest.rssMiB, 0)} MiB from ${previous.objects.toLocaleString('en')} to ${largest.objects.toLocaleString('en')} objects; target within 25%`,
      ),
    );
    const cpu = (row) => (row.cpu / row.objects) * 1000;
    out.push(
      line(
        cpu(largest) <= cpu(previous) * 1.2,
        `W6: CPU per object ${fmt(cpu(previous), 3)} ms -> ${fmt(cpu(largest), 3)} ms; target flat (within 20%)`,
      ),
    );
  }
  const perTask = largest.folderBytes / largest.objects;
  out.push(
    line(
      perTask <= 150,
      `W6: job folder ${fmt(perTask, 0)} bytes per task at ${largest.objects.toLocaleString('en')} objects; target <= 150`,
    ),
  );
  return out;
}

/**
 * The README's short table: per workload, s3bulk's figure, the best peer's, their ratio (above 1:
 * s3bulk ahead) and the target of issue 13. Details stay in bench/results/latest.md.
 */
export function speedTable(byId) {
  const rows = ['| Workload | s3bulk | Best peer | Ratio | Target |', '|---|---:|---|---:|---|'];
  const ok = (list, filter) => (list ?? []).filter((r) => !r.skipped && r.ok && filter(r));
  const fastest = (list) => [...list].sort((a, b) => a.wall - b.wall)[0];
  const push = (workload, ours, peer, ratio, target) =>
    rows.push(`| ${workload} | ${ours} | ${peer} | ${ratio} | ${target} |`);
  const w0 = byId.W0;
  if (w0) {
    const s = ok(w0, (r) => r.peer === 's3bulk')[0];
    const node = ok(w0, (r) => r.label === 'node -e 0')[0];
    if (s && node) {
      push(
        'W0 start-up (`--version`)',
        `${fmt(s.wall)} s`,
        `node -e 0: ${fmt(node.wall)} s`,
        `${fmt(s.wall / node.wall)}x node`,
        '<= 2x `node -e 0`',
      );
    }
  }
  for (const [id, title] of [
    ['W1', 'W1 copy of small objects'],
    ['W2', 'W2 server-side copy'],
  ]) {
    const list = byId[id];
    const s = list?.find((r) => r.peer === 's3bulk' && r.ok);
    const peer = fastest(
      ok(list, (r) => ['awsV1', 'awsV2', 'rclone'].includes(r.peer) && r.label.includes('tuned')),
    );
    if (!s || !peer) continue;
    const target =
      id === 'W1'
        ? '>= 2x rclone tuned (10,000 objects), >= 1.3x (1,000)'
        : 'within 1.2x of rclone tuned (10 objects)';
    push(
      title,
      `${fmt(s.wall)} s`,
      `${peer.label}: ${fmt(peer.wall)} s`,
      `${fmt(peer.wall / s.wall)}x`,
      target,
    );
  }
  const w3 = byId.W3;
  const s3 = w3?.find((r) => r.peer === 's3bulk' && r.ok);
  const peer3 = fastest(ok(w3, (r) => r.peer !== 's3bulk'));
  if (s3 && peer3) {
    push(
      'W3 sync planning',
      `${fmt(s3.wall)} s`,
      `${peer3.label}: ${fmt(peer3.wall)} s`,
      `${fmt(peer3.wall / s3.wall)}x`,
      '>= 3x rclone --use-server-modtime (100,000 keys)',
    );
  }
  const w4 = ok(byId.W4, () => true).at(-1);
  if (w4)
    push(
      `W4 ${w4.label.replace('s3bulk ', '')}`,
      `${fmt(w4.wall)} s, ${fmt(w4.rssMiB, 0)} MiB`,
      'none',
      '',
      '<= 20 s at 10M lines, < 256 MiB',
    );
  const w5 = ok(byId.W5, () => true).at(-1);
  if (w5)
    push(
      `W5 ${w5.label.replace('s3bulk ', '')}`,
      `${fmt(w5.shareRatio, 3)}x size/4 per child, ${fmt(w5.cpu)} s CPU`,
      'none',
      '',
      '<= 1.1x size/4 per child, report = manifest',
    );
  const w6 = ok(byId.W6, () => true).at(-1);
  if (w6) {
    push(
      `W6 ${w6.label.replace('s3bulk ', '')}`,
      `${fmt(w6.rssMiB, 0)} MiB, ${fmt(w6.folderBytes / w6.objects, 0)} B/task`,
      'none',
      '',
      '<= 256 MiB at 1M, <= 150 B/task',
    );
  }
  return rows.join('\n');
}
