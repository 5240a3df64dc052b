#!/usr/bin/env node
// A second reference for W1: the same CopyObject loop as raw-client.mjs, through the AWS SDK v3
// (one S3Client, keep-alive, N in flight). s3bulk minus this = engine cost; this minus raw = SDK cost.
// Usage: node tools/bench/sdk-client.mjs --endpoint URL --manifest m.csv --target dst [--concurrency 64]
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { parseArgs } from 'node:util';
import { CopyObjectCommand, S3Client } from '@aws-sdk/client-s3';

const { values } = parseArgs({
  options: {
    endpoint: { type: 'string' },
    manifest: { type: 'string' },
    target: { type: 'string' },
    concurrency: { type: 'string', default: '64' },
  },
});
const concurrency = Number(values.concurrency);
const s3 = new S3Client({
  endpoint: values.endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: concurrency }) },
});
const rows = readFileSync(values.manifest, 'utf8').split('\n').filter(Boolean);
let next = 0;
let failed = 0;
async function worker() {
  while (next < rows.length) {
    const row = rows[next++];
    const comma = row.indexOf(',');
    const bucket = row.slice(0, comma);
    const key = decodeURIComponent(row.slice(comma + 1));
    await s3
      .send(
        new CopyObjectCommand({
          Bucket: values.target,
          Key: key,
          CopySource: `${bucket}/${encodeURIComponent(key)}`,
        }),
      )
      .catch(() => {
        failed += 1;
      });
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
s3.destroy();
process.stdout.write(`${JSON.stringify({ copied: rows.length - failed, failed })}\n`);
process.exitCode = failed > 0 ? 1 : 0;
