import { ConfigError, ManifestError, S3BulkError } from '@s3bulk/core';
import { describe, expect, it } from 'vitest';
import { cliErrorJson, cliFailureOf } from './cli-failure.js';

/** An error as the AWS SDK throws it: the code as its name, and internals alongside. */
function sdkError(name: string, message: string): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 403, requestId: 'REQ123', extendedRequestId: 'HOST456' },
    RequestId: 'REQ123',
    HostId: 'HOST456',
  });
}

describe('cli: failures', () => {
  it.each([
    [
      'a bad manifest row',
      new ManifestError('bad bucket', { source: 'm.csv', line: 3 }, 'Bucket'),
      2,
      'InvalidManifest',
      'm.csv:3: Bucket: bad bucket',
    ],
    [
      'bad configuration',
      new ConfigError('--region is missing'),
      2,
      'InvalidConfiguration',
      '--region is missing',
    ],
    ['an AWS error', sdkError('AccessDenied', 'Access Denied'), 1, 'AccessDenied', 'Access Denied'],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
      1,
      'ECONNREFUSED',
      'connect ECONNREFUSED 127.0.0.1:9',
    ],
    [
      'a refused connection to every address',
      new AggregateError(
        [Object.assign(new Error('connect ECONNREFUSED ::1:9'), { code: 'ECONNREFUSED' })],
        '',
      ),
      1,
      'ECONNREFUSED',
      'connect ECONNREFUSED ::1:9',
    ],
    [
      'a core error',
      new S3BulkError('the report cannot be written', 'ReportWriteFailed'),
      1,
      'ReportWriteFailed',
      'the report cannot be written',
    ],
  ])('%s: one code, one message, the documented exit code', (_name, error, exit, code, message) => {
    // Act
    const failure = cliFailureOf(error);

    // Assess
    expect(failure).toMatchObject({ exit, code, message });
    expect(cliErrorJson(failure)).toEqual({ error: { code, message } });
  });

  it('never carries SDK internals into --json', () => {
    // Act
    const json = JSON.stringify(cliErrorJson(cliFailureOf(sdkError('NoSuchBucket', 'gone'))));

    // Assess
    expect(json).toBe('{"error":{"code":"NoSuchBucket","message":"gone"}}');
  });

  it('names the job and how to finish it when its folder exists', () => {
    // Prepare
    const job = {
      jobId: '20260101-000000-abcd1234',
      resume: 's3bulk run --resume 20260101-000000-abcd1234',
    };

    // Act
    const failure = cliFailureOf(sdkError('NoSuchBucket', 'gone'), job);

    // Assess
    expect(cliErrorJson(failure)).toEqual({
      error: { code: 'NoSuchBucket', message: 'gone', jobId: job.jobId },
    });
    expect(failure.suggestions[0]).toBe(`Finish the job with: ${job.resume}`);
  });

  it('says how to fix a row only for a problem that has one', () => {
    // Act
    const empty = cliFailureOf(
      new ManifestError('manifest is empty', { source: 'm.csv' }, undefined, {
        code: 'ManifestEmpty',
      }),
    );
    const row = cliFailureOf(new ManifestError('bad', { source: 'm.csv', line: 2 }));

    // Assess
    expect(empty.suggestions).toEqual([]);
    expect(row.suggestions).toHaveLength(1);
  });
});
