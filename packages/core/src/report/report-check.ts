import { access, constants, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { ConfigError } from '../errors.js';
import { isS3Url, parseS3Url } from '../s3/url.js';
import type { ReportSpec } from './types.js';
import { loadSdk } from '../config/load-sdk.js';

/**
 * Fail before any task runs when the report cannot be written: a bucket that does not exist or
 * cannot be reached, a folder under a file or without write permission. Writes nothing.
 */
export async function assertReportWritable(
  report: ReportSpec,
  s3: S3Client,
  expectedBucketOwner?: string,
): Promise<void> {
  if (isS3Url(report.location)) {
    const { bucket } = parseS3Url(report.location);
    const { HeadBucketCommand } = await loadSdk('s3');
    try {
      // The report is written with the destination's owner check: its check carries it too.
      await s3.send(
        new HeadBucketCommand({
          Bucket: bucket,
          ...(expectedBucketOwner ? { ExpectedBucketOwner: expectedBucketOwner } : {}),
        }),
      );
    } catch (error) {
      throw new ConfigError(
        `report location ${report.location}: ${bucketProblem(error, bucket)}. Create the bucket or give another report location.`,
        { cause: error, code: 'ReportLocationUnusable' },
      );
    }
    return;
  }
  const folder = resolve(report.location);
  const existing = await nearestExisting(folder);
  try {
    if (!(await stat(existing)).isDirectory()) throw new Error(`${existing} is not a folder`);
    await access(existing, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new ConfigError(
      `report location ${report.location}: cannot write there (${(error as Error).message}).`,
      { cause: error, code: 'ReportLocationUnusable' },
    );
  }
}

function bucketProblem(error: unknown, bucket: string): string {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status === 404) return `bucket ${bucket} does not exist`;
  if (status === 403) return `access to bucket ${bucket} is denied`;
  if (status === 301) return `bucket ${bucket} is in another region`;
  return `bucket ${bucket} is not reachable (${(error as Error).message || (error as Error).name})`;
}

async function nearestExisting(path: string): Promise<string> {
  let current = path;
  for (;;) {
    try {
      await stat(current);
      return current;
    } catch {
      const parent = dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}
