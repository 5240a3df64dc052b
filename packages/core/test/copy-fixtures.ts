import { S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_OPERATION_SETTINGS } from '../src/config/defaults.js';
import type { ObjectRef } from '../src/types.js';
import type { OperationContext, OperationSettings, Task } from '../src/operations/types.js';

/** A client that never reaches a network: aws-sdk-client-mock answers for it. */
export function offlineClient(): S3Client {
  return new S3Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

/** A context for unit tests of copy and sync request shapes. */
export function unitContext(
  overrides: {
    settings?: Partial<OperationSettings>;
    crossEndpoint?: boolean;
    destination?: S3Client;
  } = {},
): OperationContext {
  const source = offlineClient();
  return {
    s3: { source, destination: overrides.destination ?? source },
    crossEndpoint: overrides.crossEndpoint ?? false,
    signal: new AbortController().signal,
    jobId: 'job-unit',
    settings: { ...DEFAULT_OPERATION_SETTINGS, ...overrides.settings },
  };
}

/** A task for one object, as the engine hands it over. */
export function unitTask(object: ObjectRef, extra: Partial<Task> = {}): Task {
  return { id: '1', object, location: { source: 'manifest.csv', line: 1 }, ...extra };
}
