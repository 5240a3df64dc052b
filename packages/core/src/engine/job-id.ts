import { randomBytes } from 'node:crypto';
import { JobError } from '../errors.js';

// A job id becomes a folder name (`.s3bulk/jobs/<id>`) and a report prefix (`job-<id>`): keep it
// to characters that are safe in both, and never `.` or `..`.
const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/**
 * A new job id that sorts by creation time: `20261122-031500-1a2b3c4d`
 * (UTC date and time, then 32 random bits so two jobs started in the same second differ).
 */
export function createJobId(now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

/** Throws `JobError` unless `jobId` is safe to use as a folder name and a report prefix. */
export function assertJobId(jobId: string): string {
  if (!JOB_ID.test(jobId)) {
    throw new JobError(
      `"${jobId}" is not a valid job id (1-128 letters, digits, '-' or '_', starting with a letter or digit)`,
      'InvalidJobId',
    );
  }
  return jobId;
}
