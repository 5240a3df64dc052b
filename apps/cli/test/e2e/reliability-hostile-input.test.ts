import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { badManifestCorpus, useEmulator, writeManifestCase } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { jobSummary, runJob, tagWith } from './cli-job.js';
import { requireBuiltCli, reportRows, runCli, tempDir, writeText } from './run-cli.js';

// Issue 7, hostile and broken input through `s3bulk run`: exit 2, say where and what, write nothing.

/** oclif wraps a long error over lines prefixed ` ›   `: join them back into one message. */
function message(stderr: string): string {
  return stderr.replace(/\n {1,2}› {3}/g, '');
}

/** Every file under `dir`, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

const copyTo = (bucket: string) =>
  JSON.stringify({ S3PutObjectCopy: { TargetResource: `arn:aws:s3:::${bucket}` } });

describe('s3bulk run: every manifest of the bad-manifest corpus', () => {
  const emulator = useEmulator();

  it.each(badManifestCorpus().map((c) => [c.name, c] as const))(
    '%s: exits 2 with file, line and problem, and writes nothing',
    async (_, testCase) => {
      requireBuiltCli();
      // Prepare
      const target = await emulator.createBucket('hostile-dst');
      const dir = await tempDir('s3bulk-hostile-');
      const manifest = await writeManifestCase(join(dir, 'case'), testCase);
      const source = join(dir, 'case', testCase.expected.file ?? testCase.manifest);
      const args = [
        'run',
        '--manifest',
        manifest,
        '--format',
        testCase.format,
        ...(testCase.header ? ['--header'] : []),
        ...(testCase.fields ? ['--fields', testCase.fields.join(',')] : []),
        ...(testCase.format === 'pairs' ? [] : ['--operation', copyTo(target)]),
        '--report',
        join(dir, 'r'),
        '--job-dir',
        join(dir, 'jobs'),
      ];

      // Act
      const result = await runCli(args, emulator.processEnv(), dir);

      // Assess
      const text = message(result.stderr);
      expect(result.code, result.stderr).toBe(2);
      const where = testCase.expected.line ? `${source}:${testCase.expected.line}` : source;
      expect(text).toContain(where);
      expect(text).toMatch(testCase.expected.problem);
      if (testCase.expected.field) expect(text).toContain(testCase.expected.field);
      expect(existsSync(join(dir, 'jobs'))).toBe(false);
      expect(existsSync(join(dir, 'r'))).toBe(false);
      expect(existsSync(join(dir, '.s3bulk'))).toBe(false);
      expect(await emulator.listKeys(target)).toEqual([]);
    },
  );
});

describe('s3bulk run: bad Operation JSON and bad flags', () => {
  const emulator = useEmulator();
  const copy = (extra: object) =>
    JSON.stringify({ S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::b-1', ...extra } });

  it.each([
    [
      'an unknown copy field',
      ['--operation', copy({ Bogus: 1 })],
      /S3PutObjectCopy\.Bogus.*allowed: TargetResource/,
    ],
    [
      'a storage class S3 does not have',
      ['--operation', copy({ StorageClass: 'FAST' })],
      /S3PutObjectCopy\.StorageClass must be one of "STANDARD"/,
    ],
    [
      'a target that is not a bucket ARN',
      ['--operation', JSON.stringify({ S3PutObjectCopy: { TargetResource: 'b-1' } })],
      /S3PutObjectCopy\.TargetResource must be a bucket ARN like arn:aws:s3:::my-bucket/,
    ],
    [
      'a tag without a value',
      ['--operation', JSON.stringify({ S3PutObjectTagging: { TagSet: [{ Key: 'a' }] } })],
      /S3PutObjectTagging\.TagSet\.0\.Value is required \(string\)/,
    ],
    [
      'an unknown --report-scope',
      ['--operation', copy({}), '--report-scope', 'Everything'],
      /--report-scope=Everything to be one of: AllTasks, FailedTasksOnly/,
    ],
    [
      'an unknown --format',
      ['--operation', copy({}), '--format', 'xml'],
      /--format=xml to be one of: pairs, csv, inventory/,
    ],
    [
      '--concurrency 0',
      ['--operation', copy({}), '--concurrency', '0'],
      /--concurrency.*greater than or equal to 1/s,
    ],
    [
      'a size that is not one',
      ['--operation', copy({}), '--multipart-threshold', '12XB'],
      /--multipart-threshold: "12XB" is not a size \(use bytes, or a number with KiB/,
    ],
    [
      'an unknown --fields column',
      ['--operation', copy({}), '--fields', 'Bucket,Color'],
      // The one --fields rule, in core (validate, plan, run and submit say the same).
      /unknown csv manifest field "Color" \(allowed: Ignore, Bucket, Key, VersionId\)/,
    ],
  ])(
    '%s: exits 2 naming the field and what is allowed, writing nothing',
    async (_, flags, expected) => {
      requireBuiltCli();
      // Prepare
      const bucket = await emulator.createBucket('hostile-flags');
      const dir = await tempDir('s3bulk-hostile-');
      const manifest = await writeText(dir, 'm.csv', `${bucket},a.txt\n`);

      // Act
      const result = await runCli(
        [
          'run',
          '--manifest',
          manifest,
          ...flags,
          '--report',
          join(dir, 'r'),
          '--job-dir',
          join(dir, 'jobs'),
        ],
        emulator.processEnv(),
        dir,
      );

      // Assess
      expect(result.code, result.stderr).toBe(2);
      expect(message(result.stderr)).toMatch(expected);
      expect(await filesUnder(dir)).toEqual(['m.csv']);
    },
  );
});

describe('s3bulk run: keys that look like paths stay data', () => {
  const emulator = useEmulator();

  it('writes only inside the job and report folders, and reports each key verbatim', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await emulator.createBucket('hostile-keys');
    const dir = await tempDir('s3bulk-hostile-');
    const work = join(dir, 'a', 'b', 'c');
    await mkdir(work, { recursive: true });
    const escape = `s3bulk-escape-${Date.now()}`;
    const keys = [
      '../../etc/passwd',
      `../../../../../../../../../../tmp/${escape}`,
      `../../../../${escape}`,
      `/${escape}/abs`,
      `job-x/../../${escape}`,
      '..',
      `results/../../../${escape}.csv`,
    ];
    // S3 Batch Operations CSV keys are URL-encoded: `/` as %2F must decode to the same key.
    const rows = keys.map((k, i) => `${bucket},${i % 2 ? encodeURIComponent(k) : k}\n`).join('');
    const manifest = await writeText(work, 'm.csv', rows);

    // Act
    const result = await runJob(
      emulator.processEnv(),
      { manifest, operation: tagWith('k', 'v'), dir: work, flags: ['--format', 'csv'] },
      work,
    );

    // Assess
    expect([0, 3], result.stderr).toContain(result.code);
    const summary = jobSummary(result);
    expect(summary.total).toBe(keys.length);
    const reported = await reportRows(summary.reportPath);
    expect(reported.map((r) => r.key).sort()).toEqual([...keys].sort());
    const written = await filesUnder(dir);
    const outside = written.filter(
      (f) =>
        !/^a\/b\/c\/(m\.csv|jobs\/[^/]+\/[a-z]+\.jsonl?|r\/job-[^/]+\/(manifest\.json|results\/[0-9a-f-]{36}\.csv))$/.test(
          f,
        ),
    );
    expect(outside).toEqual([]);
    expect(existsSync(join('/tmp', escape))).toBe(false);
    expect(existsSync(join('/', escape))).toBe(false);
  });
});
