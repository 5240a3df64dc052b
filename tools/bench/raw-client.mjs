#!/usr/bin/env node
// The "limit" s3bulk is measured against: pre-signed CopyObject requests (SigV4 query
// signatures computed for every row before the first request) over keep-alive connections, N in
// flight, no SDK, no retries, no report. Reads a `bucket,key` csv manifest.
// Usage: node tools/bench/raw-client.mjs --endpoint URL --manifest m.csv --target dst [--concurrency 64]
import { createHash, createHmac } from 'node:crypto';
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
const encodeKey = (key) => key.split('/').map(encodeRfc3986).join('/');
const encodeRfc3986 = (text) =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

// Pre-signed URLs (query-string SigV4, as `aws s3 presign` makes), all made before the first copy.
const accessKeyId = process.env.AWS_ACCESS_KEY_ID ?? 'bench';
const secret = process.env.AWS_SECRET_ACCESS_KEY ?? 'bench';
const region = process.env.AWS_REGION ?? 'us-east-1';
const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
const day = amzDate.slice(0, 8);
const scope = `${day}/${region}/s3/aws4_request`;
const hmac = (key, text) => createHmac('sha256', key).update(text).digest();
const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), 's3'), 'aws4_request');

function presign(bucket, key) {
  const path = `/${values.target}/${encodeKey(key)}`;
  const copySource = `/${bucket}/${encodeKey(key)}`;
  const query = [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${accessKeyId}/${scope}`],
    ['X-Amz-Date', amzDate],
    ['X-Amz-Expires', '3600'],
    ['X-Amz-SignedHeaders', 'host;x-amz-copy-source'],
  ]
    .map(([name, value]) => `${name}=${encodeRfc3986(value)}`)
    .join('&');
  const canonical = `PUT\n${path}\n${query}\nhost:${endpoint.host}\nx-amz-copy-source:${copySource}\n\nhost;x-amz-copy-source\nUNSIGNED-PAYLOAD`;
  const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${createHash('sha256').update(canonical).digest('hex')}`;
  const signature = createHmac('sha256', signingKey).update(toSign).digest('hex');
  return { path: `${path}?${query}&X-Amz-Signature=${signature}`, copySource };
}

const presigned = rows.map((row) => {
  const comma = row.indexOf(',');
  return presign(row.slice(0, comma), decodeURIComponent(row.slice(comma + 1)));
});

function copy({ path, copySource }) {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: endpoint.hostname,
        port: endpoint.port,
        method: 'PUT',
        path,
        headers: { 'x-amz-copy-source': copySource, 'content-length': 0 },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200
            ? resolve()
            : reject(new Error(`HTTP ${res.statusCode} for ${path}`)),
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
  while (next < presigned.length) {
    const item = presigned[next++];
    await copy(item).catch(() => {
      failed += 1;
    });
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
agent.destroy();
process.stdout.write(`${JSON.stringify({ copied: rows.length - failed, failed })}\n`);
process.exitCode = failed > 0 ? 1 : 0;
