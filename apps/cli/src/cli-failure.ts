import {
  ConfigError,
  JobError,
  ManifestError,
  OperationSpecError,
  S3BulkError,
} from '@s3bulk/core';
import { EXIT } from './exit-codes.js';

/** What a failed command tells the operator: one shape for the terminal and for `--json`. */
export interface CliFailure {
  /** A stable code: core's error code, the AWS error name, or Node's system error code. */
  readonly code: string;
  readonly message: string;
  /** The documented exit code (README, "Exit codes"). */
  readonly exit: number;
  /** What to do next, one line each. */
  readonly suggestions: readonly string[];
  /** The job the failure belongs to, when its job folder exists (so it can be resumed). */
  readonly jobId?: string;
}

/** The job a command was running when it failed, and the command that finishes it. */
export interface FailedJob {
  readonly jobId: string;
  readonly resume: string;
}

/** The `{"error": {...}}` object `--json` prints on stdout (oclif's convention). */
export interface CliErrorJson {
  readonly error: { readonly code: string; readonly message: string; readonly jobId?: string };
}

type OclifError = Error & {
  code?: unknown;
  oclif?: { exit?: number };
  suggestions?: string[];
};

/**
 * Translate anything a command throws into what the operator sees. Core's errors say what and
 * where; anything else is unexpected (exit 1): its message and code, never the SDK's internals
 * ($metadata, request ids) or a stack trace, which `DEBUG=*` shows instead.
 */
export function cliFailureOf(error: unknown, job?: FailedJob): CliFailure {
  const resume = job ? [`Finish the job with: ${job.resume}`] : [];
  const jobId = job ? { jobId: job.jobId } : {};
  if (error instanceof ManifestError) {
    // A problem of one row (file:line) is fixed there; one of the whole file (empty) is not a row.
    const fix = error.location.line
      ? ['Fix the row and run again; `s3bulk manifest validate` lists every bad row.']
      : [];
    return usage(error.code, error.describe(), fix);
  }
  if (error instanceof OperationSpecError) {
    return usage(error.code, `operation: ${error.field}: ${error.message}`);
  }
  if (error instanceof ConfigError || error instanceof JobError) {
    return usage(error.code, error.message);
  }
  if (error instanceof S3BulkError) {
    return {
      code: error.code,
      message: error.message,
      exit: EXIT.internal,
      suggestions: resume,
      ...jobId,
    };
  }
  const oclif = error as OclifError;
  if (oclif instanceof Error && oclif.oclif?.exit !== undefined) {
    // oclif's own (flag parsing) and this.error(): already worded for the operator.
    const exit = oclif.oclif.exit;
    const code =
      typeof oclif.code === 'string' ? oclif.code : exit === EXIT.usage ? 'InvalidUsage' : 'Error';
    return { code, message: oclif.message, exit, suggestions: oclif.suggestions ?? [] };
  }
  return {
    code: codeOf(error),
    message: messageOf(error),
    exit: EXIT.internal,
    suggestions: [
      ...resume,
      'Run again with DEBUG=* to see where it failed; if it keeps failing, report it with that output.',
    ],
    ...jobId,
  };
}

/** The `--json` form of a failure. */
export function cliErrorJson(failure: CliFailure): CliErrorJson {
  return {
    error: {
      code: failure.code,
      message: failure.message,
      ...(failure.jobId ? { jobId: failure.jobId } : {}),
    },
  };
}

function usage(code: string, message: string, suggestions: string[] = []): CliFailure {
  return { code, message, exit: EXIT.usage, suggestions };
}

/** AWS SDK errors carry their code as `name` (`NoSuchBucket`); Node's system errors as `code`. */
function codeOf(error: unknown): string {
  if (!(error instanceof Error)) return 'UnexpectedError';
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && code !== '') return code;
  const nested = firstOf(error);
  if (nested) return codeOf(nested);
  return error.name && error.name !== 'Error' ? error.name : 'UnexpectedError';
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.message) return error.message;
  // Node reports a refused connection to every address of a host as an AggregateError with no
  // message of its own.
  const nested = firstOf(error);
  return nested ? messageOf(nested) : error.name;
}

function firstOf(error: Error): unknown {
  return error instanceof AggregateError ? error.errors[0] : undefined;
}
