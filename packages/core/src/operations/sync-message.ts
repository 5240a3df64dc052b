import { formatS3Url } from '../s3/url.js';
import type { TaskEffect } from './types.js';

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
function reasonSuffix(reason: string | undefined): string {
  return reason ? `; ${SYNC_REASONS[reason] ?? reason}` : '';
}

/**
 * The ResultMessage of a copy or a sync delete, worded from what it did: the one place these
 * sentences are written (`report-pairs.ts` reads the copy's back out of finished reports).
 * Worded only where something reads it (`resultMessage`), never per task while a job runs.
 */
export function effectMessage(effect: TaskEffect): string {
  const where = formatS3Url(effect.target.bucket, effect.target.key);
  if (effect.action === 'delete') return `deleted ${where}${reasonSuffix(effect.reason)}`;
  const size = effect.size !== undefined ? `${effect.size} bytes, ` : '';
  const what = `(${size}etag ${effect.etag ?? '?'})${reasonSuffix(effect.reason)}`;
  if (effect.via === 'multipart')
    return `multipart copy to ${where}, ${effect.parts} parts ${what}`;
  if (effect.via === 'stream') {
    const how = effect.parts !== undefined ? `streamed in ${effect.parts} parts` : 'streamed';
    return `${how} to ${where} ${what}`;
  }
  return `copied to ${where} ${what}`;
}

/** What a result says as its ResultMessage: the fields of a `TaskResult` it is worded from. */
export interface WordedResult {
  readonly status: 'succeeded' | 'failed';
  readonly message?: string;
  readonly effect?: TaskEffect;
}

/**
 * A result's ResultMessage, as the report, the Lambda's result string and any other reader
 * shows it: its own message, else worded from its facts, else `Successful` for a success.
 */
export function resultMessage(result: WordedResult): string {
  if (result.message !== undefined) return result.message;
  if (result.effect !== undefined) return effectMessage(result.effect);
  return result.status === 'succeeded' ? 'Successful' : '';
}
