import { CreateJobCommand, type S3ControlClient } from '@aws-sdk/client-s3-control';
import type { TestEmulator } from '@s3bulk/testing';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, vi } from 'vitest';

// The `batchops` commands run in-process against a mocked S3 Control (no emulator runs its jobs);
// manifests and job files live in the real emulator.

export const ACCOUNT = '123456789012';
export const ROLE = 'arn:aws:iam::123456789012:role/S3BatchOps';

/** The flags that send a command's S3 calls (manifests, job files) to the emulator. */
export function emulatorFlags(emulator: TestEmulator): string[] {
  return ['--endpoint-url', emulator.info.endpoint, '--region', emulator.info.region];
}

/** The CreateJob request the command sent, if any. */
export function createdRequest(control: AwsClientStub<S3ControlClient>) {
  return control.commandCalls(CreateJobCommand)[0]?.args[0].input;
}

/**
 * Each test of the file runs quiet (`--json` results are asserted from `run()`'s return value,
 * the notes oclif writes to stderr from `stderr()`), with the emulator's credentials for the
 * manifest side, and the given mocks reset after it.
 */
export function useQuietCommands(
  emulator: TestEmulator,
  mocks: readonly { reset(): void }[],
): { stderr(): string } {
  let lines: string[] = [];
  beforeEach(() => {
    lines = [];
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    // oclif's logToStderr writes through console.error.
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => void lines.push(String(line)));
    vi.stubEnv('AWS_ACCESS_KEY_ID', emulator.info.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', emulator.info.secretAccessKey);
    vi.stubEnv('AWS_PROFILE', undefined);
  });
  afterEach(() => {
    for (const mock of mocks) mock.reset();
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    process.exitCode = undefined;
  });
  return { stderr: () => lines.join('') };
}
