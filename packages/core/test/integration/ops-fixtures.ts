import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_OPERATION_SETTINGS } from '../../src/config/defaults.js';
import type { OperationContext, OperationSettings, Task } from '../../src/operations/types.js';
import type { ObjectRef } from '../../src/types.js';

/** A task for one object, as the engine would hand it to an operation. */
export function taskFor(object: ObjectRef, line = 1, facts?: Task['facts']): Task {
  return {
    id: String(line),
    object,
    location: { source: 'manifest.csv', line },
    ...(facts ? { facts } : {}),
  };
}

/** An operation context whose source and destination clients both talk to the emulator. */
export function contextFor(
  emulator: { readonly s3: S3Client },
  extra: { lambda?: LambdaClient; settings?: Partial<OperationSettings> } = {},
): OperationContext {
  return {
    s3: { source: emulator.s3, destination: emulator.s3 },
    crossEndpoint: false,
    signal: new AbortController().signal,
    jobId: 'job-test',
    settings: { ...DEFAULT_OPERATION_SETTINGS, ...extra.settings },
    ...(extra.lambda ? { lambda: extra.lambda } : {}),
  };
}

/** The outcome of running a task, or the error it threw, for `expect`. */
export async function settle<T>(promise: Promise<T>): Promise<{ ok: T } | { error: unknown }> {
  try {
    return { ok: await promise };
  } catch (error) {
    return { error };
  }
}
