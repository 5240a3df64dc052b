import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, formatJobSpec } from '@s3bulk/core';
import { describe, expect, it } from 'vitest';
import { submitSpecFrom } from './submit-spec.js';

const JOB_ID = '20261207-061500-1a2b3c4d';
const base = { header: false, 'sync-delete': false } as const;

describe('submit: the job it sends', () => {
  it('runs the operation on the named object itself with --format object', async () => {
    // Prepare
    const flags = {
      ...base,
      manifest: 's3://in/users.csv',
      format: 'object' as const,
      operation: '{"DynamoDbImport":{"TableName":"users"}}',
    };

    // Act
    const { spec } = await submitSpecFrom(flags, [], JOB_ID, () => {});

    // Assess
    expect(spec.jobId).toBe(JOB_ID);
    expect(spec.manifest).toEqual({ format: 'object', location: 's3://in/users.csv' });
    expect(spec.operation).toEqual({ DynamoDbImport: { TableName: 'users' } });
  });

  it('takes the job file with the flags typed beside it over its fields, and names them', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'submit-spec-'));
    const file = join(dir, 'job.json');
    await writeFile(
      file,
      formatJobSpec({
        version: 1,
        manifest: { format: 'object', location: 's3://in/users.csv' },
        operation: { DynamoDbImport: { TableName: 'users' } },
        engine: { concurrency: 4 },
        aws: {},
      }),
    );

    // Act
    const { spec, overridden } = await submitSpecFrom(
      { ...base, spec: file, concurrency: 9 },
      ['--spec', file, '--concurrency', '9'],
      JOB_ID,
      () => {},
    );

    // Assess
    expect(overridden).toEqual(['--concurrency']);
    expect(spec.engine?.concurrency).toBe(9);
    expect(spec.manifest).toEqual({ format: 'object', location: 's3://in/users.csv' });
  });

  it('says what to give when there is neither a manifest nor a job file', async () => {
    // Act
    const sent = submitSpecFrom(base, [], JOB_ID, () => {});

    // Assess
    await expect(sent).rejects.toThrow(ConfigError);
    await expect(sent).rejects.toThrow('Missing --manifest');
  });
});
