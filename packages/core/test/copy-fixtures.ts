import { setMaxListeners } from 'node:events';
import { S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_OPERATION_SETTINGS } from '../src/config/defaults.js';
import { createS3Client, type S3ClientOptions } from '../src/s3/client.js';
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
    signal: quietSignal(),
    jobId: 'job-unit',
    settings: { ...DEFAULT_OPERATION_SETTINGS, ...overrides.settings },
  };
}

/** A task for one object, as the engine hands it over. */
export function unitTask(object: ObjectRef, extra: Partial<Task> = {}): Task {
  return { id: '1', object, location: { source: 'manifest.csv', line: 1 }, ...extra };
}

/** A context against the emulator; `crossEndpoint` gives each side its own client. */
export function emulatorContext(
  // The shape of @s3bulk/testing's TestEmulator (core code may not import that package).
  emulator: { readonly s3: S3Client; clientOptions(): S3ClientOptions },
  overrides: { settings?: Partial<OperationSettings>; crossEndpoint?: boolean } = {},
): OperationContext {
  const crossEndpoint = overrides.crossEndpoint ?? false;
  return {
    s3: {
      source: emulator.s3,
      destination: crossEndpoint ? createS3Client(emulator.clientOptions()) : emulator.s3,
    },
    crossEndpoint,
    signal: quietSignal(),
    jobId: 'job-integration',
    settings: { ...DEFAULT_OPERATION_SETTINGS, ...overrides.settings },
  };
}

/** Count the commands a client sends, by name (e.g. DeleteObjectsCommand). */
export function countCommands(client: S3Client): Map<string, number> {
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => (args) => {
      const name = context.commandName ?? 'unknown';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: `countCommands${Math.random()}` },
  );
  return counts;
}

/** A signal shared by many concurrent requests, as the engine's is (it lifts the listener cap too). */
function quietSignal(): AbortSignal {
  const { signal } = new AbortController();
  setMaxListeners(0, signal);
  return signal;
}
