#!/usr/bin/env node
// The "limit" s3bulk is measured against: unsigned CopyObject requests over keep-alive
// connections, N in flight, no SDK, no retries, no report. Reads a `bucket,key` csv manifest.
// Usage: node tools/bench/raw-client.mjs --endpoint URL --manifest m.csv --target dst [--concurrency 64]
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    endpoint: { type: 'string' },
    manifest: { type: 'string' },
    target: { type: 'string' },
    concurrency: { type: 'string', default: '64' },
  },
});
const endpoint = new URL(values.endpoint);
const concurrency = Number(values.concurrency);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const rows = readFileSync(values.manifest, 'utf8').split('\n').filter(Boolean);
const encodeKey = (key) => key.split('/').map(encodeURIComponent).join('/');

function copy(row) {
  const comma = row.indexOf(',');
  const bucket = row.slice(0, comma);
  const key = decodeURIComponent(row.slice(comma + 1));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: endpoint.hostname,
        port: endpoint.port,
        method: 'PUT',
        path: `/${values.target}/${encodeKey(key)}`,
        headers: { 'x-amz-copy-source': `/${bucket}/${encodeKey(key)}`, 'content-length': 0 },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200
            ? resolve()
            : reject(new Error(`HTTP ${res.statusCode} for ${key}`)),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

let next = 0;
let failed = 0;
async function worker() {
  while (next < rows.length) {
    const row = rows[next++];
    await copy(row).catch(() => {
      failed += 1;
    });
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
agent.destroy();
process.stdout.write(`${JSON.stringify({ copied: rows.length - failed, failed })}\n`);
process.exitCode = failed > 0 ? 1 : 0;
