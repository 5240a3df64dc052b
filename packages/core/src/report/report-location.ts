import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { S3BulkError } from '../errors.js';
import { isS3Url, parseS3Url } from '../s3/url.js';

/** Where one job's report lives: an S3 prefix or a local folder. */
export type ReportTarget =
  | { readonly kind: 's3'; readonly bucket: string; readonly jobPrefix: string }
  | { readonly kind: 'local'; readonly root: string; readonly jobPrefix: string };

/** `job-<id>/` under the `--report` location, as the service lays it out. */
export function reportTarget(location: string, jobId: string): ReportTarget {
  if (isS3Url(location)) {
    const { bucket, key } = parseS3Url(location);
    const prefix = key === '' || key.endsWith('/') ? key : `${key}/`;
    return { kind: 's3', bucket, jobPrefix: `${prefix}job-${jobId}/` };
  }
  return { kind: 'local', root: resolve(location), jobPrefix: `job-${jobId}/` };
}

/** The `manifest.json` location a summary shows (`reportPath`). */
export function manifestLocation(target: ReportTarget): string {
  return target.kind === 's3'
    ? `s3://${target.bucket}/${target.jobPrefix}manifest.json`
    : join(target.root, target.jobPrefix, 'manifest.json');
}

/** A local path inside `root` for a report-relative key; refuses keys that climb out of it. */
export function localPathIn(root: string, key: string): string {
  const path = resolve(root, key);
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
    throw new S3BulkError(
      `report file "${key}" is outside the report folder ${root}`,
      'InvalidReport',
    );
  }
  return path;
}
