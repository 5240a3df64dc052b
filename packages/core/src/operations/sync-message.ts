import { formatS3Url } from '../s3/url.js';

/** Said in the report's ResultMessage and by `plan`, so a reader knows why a sync touches an object. */
export const SYNC_REASONS: Readonly<Record<string, string>> = {
  missing: 'missing at destination',
  size: 'size differs',
  newer: 'newer at source',
  extra: 'missing at source',
  checksum: 'checksum differs',
};

/** The reason a sync task of `action` has unless its plan says otherwise. */
export function usualReason(action: 'copy' | 'delete'): string {
  return action === 'delete' ? 'extra' : 'missing';
}

/** What a sync task's ResultMessage ends with: `; missing at destination`, or nothing. */
export function reasonSuffix(reason: string | undefined): string {
  return reason ? `; ${SYNC_REASONS[reason] ?? reason}` : '';
}

/**
 * The ResultMessage of a single CopyObject (`copyObject`): the ledger rebuilds it from its parts
 * (`store/sync-result-line.ts`), so the sentence is written here once.
 */
export function copiedMessage(
  bucket: string,
  key: string,
  size: number | undefined,
  etag: string,
): string {
  const sizeText = size !== undefined ? `${size} bytes, ` : '';
  return `copied to ${formatS3Url(bucket, key)} (${sizeText}etag ${etag})`;
}

/** The ResultMessage of a sync delete, its reason included. */
export function deletedMessage(bucket: string, key: string, reason: string | undefined): string {
  return `deleted ${formatS3Url(bucket, key)}${reasonSuffix(reason)}`;
}
