import { REQUEST_TYPE_ORDER, type ExecutorPrice, type JobEstimate } from '@s3bulk/core';
import { formatBytes } from '../job/byte-size.js';

/** `plan`'s estimate as a few lines after its summary: requests, bytes, a price per executor. */
export function describeEstimate(estimate: JobEstimate): string[] {
  const { priceTable } = estimate;
  const lines = [
    `Estimate (prices of ${priceTable.region}, price table of ${priceTable.date}; see docs/cost.md):`,
  ];
  const types = REQUEST_TYPE_ORDER.filter((t) => estimate.requestsByType[t] > 0).map(
    (t) => `${t} ${estimate.requestsByType[t]}`,
  );
  lines.push(`  requests  ${types.length > 0 ? types.join(', ') : 'none'}`);
  const calls = Object.entries(estimate.requests).map(([name, n]) => `${name} ${n}`);
  if (calls.length > 0) lines.push(`            (${calls.join(', ')})`);
  const { bytes } = estimate;
  const unknown = bytes.unknownSizes > 0 ? `; bytes unknown for ${bytes.unknownSizes} tasks` : '';
  lines.push(
    `  bytes     ${formatBytes(bytes.objects)} of objects, ${formatBytes(bytes.client)} through this process${unknown}`,
  );
  for (const executor of estimate.executors) lines.push(...describeExecutor(executor));
  for (const note of estimate.notes) lines.push(`  note: ${note}`);
  return lines;
}

function describeExecutor(price: ExecutorPrice): string[] {
  const name = `  ${price.executor.padEnd(20)}`;
  if (price.unavailable) return [`${name}not possible: ${price.unavailable}`];
  const total = `${price.incomplete ? '>= ' : ''}${formatUsd(price.usd)}`;
  const parts = price.parts.map(
    (p) => `${p.name} ${p.usd === null ? 'no figure' : formatUsd(p.usd)}`,
  );
  return [`${name}${total.padEnd(12)} ${parts.join(', ')}`];
}

/** Dollars with cents, or two significant digits below a cent (request prices are tiny). */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  return usd >= 0.01 ? `$${usd.toFixed(2)}` : `$${usd.toPrecision(2)}`;
}
