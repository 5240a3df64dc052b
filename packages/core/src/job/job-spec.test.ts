import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import {
  formatJobSpec,
  jobSpecJsonSchema,
  parseJobSpec,
  parseJobSpecText,
  withJobIdentity,
} from './job-spec.js';

const PAIRS = {
  version: 1,
  manifest: { format: 'pairs', location: '/tmp/pairs.csv', header: true },
  operation: { S3BulkPairs: { SyncDelete: true } },
  report: { location: 's3://reports/x' },
};

describe('job: job file', () => {
  it('reads a job file and fills in the defaults', () => {
    // Act
    const spec = parseJobSpec(PAIRS, 'job.json');

    // Assess
    expect(spec).toEqual({
      ...PAIRS,
      report: { ...PAIRS.report, scope: 'AllTasks' },
      engine: {},
      aws: {},
    });
  });

  it.each([
    [{ ...PAIRS, version: 2 }, 'job.json: version: '],
    [{ ...PAIRS, manifest: { format: 'pairz', location: 'x' } }, 'job.json: manifest.format: '],
    [{ ...PAIRS, operation: {} }, 'job.json: operation: must hold exactly one operation'],
    [{ ...PAIRS, engine: { concurrency: 0 } }, 'job.json: engine.concurrency: '],
    [
      { ...PAIRS, aws: { expectedBucketOwner: 'me' } },
      'job.json: aws.expectedBucketOwner: must be a 12-digit',
    ],
    [{ ...PAIRS, extra: true }, 'job.json: (file): '],
  ])('names the file and the field of a bad job file (%#)', (value, message) => {
    // Act
    const act = () => parseJobSpec(value, 'job.json');

    // Assess
    expect(act).toThrow(ConfigError);
    expect(act).toThrow(message);
  });

  it('says a file is not JSON', () => {
    expect(() => parseJobSpecText('{"version": 1,', 'job.json')).toThrow(
      'job.json: not a JSON job file',
    );
  });

  it('turns generator dates back into Dates and writes them as ISO strings', () => {
    // Prepare
    const text = formatJobSpec(
      parseJobSpec(
        {
          version: 1,
          manifest: { format: 'generate', bucket: 'b', filters: { createdAfter: '2025-01-01' } },
          operation: { S3PutObjectTagging: { TagSet: [] } },
        },
        'a.json',
      ),
    );

    // Act
    const spec = parseJobSpecText(text, 'b.json');

    // Assess
    const manifest = spec.manifest as { filters: { createdAfter: Date } };
    expect(manifest.filters.createdAfter).toEqual(new Date('2025-01-01'));
    expect(text).toContain('"createdAfter": "2025-01-01T00:00:00.000Z"');
  });

  it('gives a job file an id and a creation time, keeping those it has', () => {
    // Prepare
    const draft = parseJobSpec(PAIRS, 'job.json');
    const now = new Date('2026-12-07T00:00:00Z');

    // Act
    const fresh = withJobIdentity(draft, 'new-id', now);
    const kept = withJobIdentity({ ...draft, jobId: 'old', createdAt: 'then' }, 'new-id', now);

    // Assess
    expect(fresh).toMatchObject({ jobId: 'new-id', createdAt: '2026-12-07T00:00:00.000Z' });
    expect(kept).toMatchObject({ jobId: 'old', createdAt: 'then' });
  });

  it('publishes the JSON Schema generated from the zod schema (npm run schema -w @s3bulk/core)', () => {
    // Prepare
    const published = readFileSync(
      resolve(import.meta.dirname, '../../../../docs/job-spec.schema.json'),
      'utf8',
    );

    // Assess
    expect(JSON.parse(published)).toEqual(jobSpecJsonSchema());
  });
});
