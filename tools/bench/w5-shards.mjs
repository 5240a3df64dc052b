#!/usr/bin/env node
// W5: the children of one AWS Batch array job, side by side as Batch starts them: the bundled
// worker (apps/worker) once per array index over one csv manifest in S3. Measured as one process
// tree by the bench (CPU adds up, peak RSS is the largest child's). Prints one JSON line: each
// child's exit code and share of the manifest (its `shard-planned` log).
// Usage: node tools/bench/w5-shards.mjs --worker <bundle> --shards 4 --manifest s3://b/k --job id
//   --checkpoint s3://b/ck/ --report s3://b/reports [--operation JSON]
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    worker: { type: 'string' },
    shards: { type: 'string', default: '4' },
    manifest: { type: 'string' },
    job: { type: 'string' },
    checkpoint: { type: 'string' },
    report: { type: 'string' },
    operation: { type: 'string' },
  },
});
const shards = Number(values.shards);
const { bucket, key } = /^s3:\/\/(?<bucket>[^/]+)\/(?<key>.+)$/.exec(values.manifest).groups;

function child(index) {
  const env = {
    ...process.env,
    AWS_BATCH_JOB_ARRAY_INDEX: String(index),
    AWS_BATCH_JOB_ARRAY_SIZE: String(shards),
    S3BULK_JOB_ID: values.job,
    S3BULK_CHECKPOINT: values.checkpoint,
    S3BULK_REPORT: values.report,
    S3BULK_MANIFEST_FORMAT: 'csv',
    ...(values.operation ? { S3BULK_OPERATION: values.operation } : {}),
  };
  const worker = spawn(process.execPath, [values.worker, bucket, key, 'False', 'False'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let share;
  let stderr = '';
  let buffered = '';
  // Log lines are JSON; only the share is kept (a child logs progress all along).
  worker.stdout.on('data', (chunk) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop();
    for (const line of lines) {
      if (share || !line.includes('"share"')) continue;
      try {
        share = JSON.parse(line).share;
      } catch {
        // not a log line
      }
    }
  });
  worker.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
  return new Promise((resolve) => {
    worker.on('close', (code) => resolve({ index, code, share, stderr: code ? stderr : '' }));
  });
}

const children = await Promise.all(Array.from({ length: shards }, (_, index) => child(index)));
console.log(JSON.stringify({ children }));
process.exitCode = children.every((c) => c.code === 0) ? 0 : 1;
