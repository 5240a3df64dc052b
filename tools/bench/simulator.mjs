#!/usr/bin/env node
// Runs the S3 simulator as its own process (so a client under test is measured alone).
// Usage: node --import tsx tools/bench/simulator.mjs [--port 0] [--latency 20] [--seed 1] [--bucket b]...
// Prints one JSON line {"endpoint": ...} on stdout once listening; SIGTERM stops it.
import { parseArgs } from 'node:util';
import { startS3Simulator } from '../../packages/testing/src/s3-simulator/index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    latency: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    bucket: { type: 'string', multiple: true, default: [] },
    'rate-limit': { type: 'string', default: '0' },
    'error-500': { type: 'string', default: '0' },
    'error-503': { type: 'string', default: '0' },
    reset: { type: 'string', default: '0' },
    bandwidth: { type: 'string', default: '0' },
  },
});

const simulator = await startS3Simulator({
  port: Number(values.port),
  latencyMs: Number(values.latency),
  seed: Number(values.seed),
  buckets: values.bucket,
  prefixRateLimit: Number(values['rate-limit']),
  error500Rate: Number(values['error-500']),
  error503Rate: Number(values['error-503']),
  resetRate: Number(values.reset),
  bandwidthBytesPerSecond: Number(values.bandwidth),
});
process.stdout.write(`${JSON.stringify({ endpoint: simulator.endpoint, pid: process.pid })}\n`);
const stop = () => simulator.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
