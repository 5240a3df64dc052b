import { S3BulkError } from '../errors.js';
import { resultMessage } from '../operations/sync-message.js';
import type { ReportRecord, ReportRow } from './types.js';

/**
 * Keys in a report are URL-encoded as the service writes them (and as its CSV manifests take
 * them): UTF-8 percent-encoding, `/` left as is, so `a b/c+d` becomes `a%20b/c%2Bd`.
 */
export function encodeReportKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/gi, '/');
}

export function decodeReportKey(encoded: string, where = 'report'): string {
  try {
    return decodeURIComponent(encoded);
  } catch (error) {
    throw new S3BulkError(`${where}: "${encoded}" is not a URL-encoded key`, 'InvalidReport', {
      cause: error,
    });
  }
}

/** RFC 4180 quoting, only where needed, as the service does. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * One report line. The service writes the HTTP status in the fifth column and the error code in
 * the sixth (`succeeded,200,,Successful`, `failed,404,NoSuchKey,...`), whatever the order of the
 * names in `ReportSchema`; s3bulk writes what the service writes.
 */
export function formatReportRow(record: ReportRow): string {
  const http =
    record.httpStatus !== undefined
      ? String(record.httpStatus)
      : record.status === 'succeeded'
        ? '200'
        : '';
  return `${[
    record.bucket,
    encodeReportKey(record.key),
    record.versionId ?? '',
    record.status,
    http,
    record.errorCode ?? '',
    resultMessage(record),
  ]
    .map(csvField)
    .join(',')}\n`;
}

/** Read one parsed report row back (the inverse of `formatReportRow`). */
export function parseReportRow(fields: readonly string[], where: string): ReportRecord {
  const [bucket, key, versionId, status, http, errorCode, ...message] = fields;
  if (
    bucket === undefined ||
    key === undefined ||
    (status !== 'succeeded' && status !== 'failed')
  ) {
    throw new S3BulkError(
      `${where}: not a completion report row: ${fields.join(',')}`,
      'InvalidReport',
    );
  }
  const httpStatus = http ? Number(http) : undefined;
  return {
    bucket,
    key: decodeReportKey(key, where),
    ...(versionId ? { versionId } : {}),
    status,
    ...(httpStatus !== undefined && Number.isFinite(httpStatus) ? { httpStatus } : {}),
    ...(errorCode ? { errorCode } : {}),
    message: message.join(','),
  };
}
