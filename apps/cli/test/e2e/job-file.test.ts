import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { badManifestCorpus, useEmulator, writeManifestCase } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { onlyJobId, reportRows, requireBuiltCli, runCli, tempDir, writeText } from './run-cli.js';

const TAG = '{"S3PutObjectTagging":{"TagSet":[{"Key":"k","Value":"v"}]}}';

describe('job file: plan --save-spec, run --spec', () => {
  const emulator = useEmulator();

  it('runs the job file plan wrote, a flag beside --spec overriding its field', async () => {
    requireBuiltCli();
    // Prepare
    const src = await emulator.createBucket('spec-src');
    const dst = await emulator.createBucket('spec-dst');
    await emulator.putObjects(src, { 'in/a.txt': 'a', 'in/b.txt': 'b' });
    const dir = await tempDir();
    // A header row and no --header: the one manifest rule reads it as a header everywhere.
    const manifest = await writeText(
      dir,
      'pairs.csv',
      `source,destination\ns3://${src}/in/,s3://${dst}/out/\n`,
    );
    const jobFile = join(dir, 'job.json');
    const env = emulator.processEnv();

    // Act
    const plan = await runCli(
      ['plan', '--manifest', manifest, '--report', join(dir, 'r1'), '--save-spec', jobFile],
      env,
    );
    const saved = JSON.parse(await readFile(jobFile, 'utf8')) as Record<string, unknown>;
    const run = await runCli(
      ['run', '--spec', jobFile, '--report', join(dir, 'r2'), '--job-dir', join(dir, 'jobs')],
      env,
    );

    // Assess
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(`Wrote the job file ${jobFile}`);
    expect(saved).toMatchObject({
      version: 1,
      manifest: { format: 'pairs', location: manifest, header: true },
      operation: { S3BulkPairs: {} },
      report: { location: join(dir, 'r1'), scope: 'AllTasks' },
    });
    expect(saved).not.toHaveProperty('jobId');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`from job file ${jobFile} (--report overrides the job file)`);
    const jobId = await onlyJobId(join(dir, 'jobs'));
    const reportPath = join(dir, 'r2', `job-${jobId}`, 'manifest.json');
    expect(existsSync(join(dir, 'r1'))).toBe(false);
    expect((await reportRows(reportPath)).map((r) => r.key).sort()).toEqual([
      'in/a.txt',
      'in/b.txt',
    ]);
    expect(await emulator.listKeys(dst, 'out/')).toEqual(['out/a.txt', 'out/b.txt']);
  });

  it('refuses a bad job file naming the file and the field (exit 2)', async () => {
    requireBuiltCli();
    // Prepare
    const dir = await tempDir();
    const jobFile = await writeText(
      dir,
      'job.json',
      JSON.stringify({ version: 1, manifest: { format: 'pairz', location: 'x' }, operation: {} }),
    );

    // Act
    const result = await runCli(['run', '--spec', jobFile], emulator.processEnv());

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${jobFile}: manifest.format:`);
  });
});

describe('manifest validate and plan give one verdict', () => {
  const emulator = useEmulator();

  /** Exit code and the first `file:line` a command names. */
  function verdict(result: { code: number | null; stdout: string; stderr: string }) {
    const where = /(\/[^\s:]+(?::\d+)?):/.exec(`${result.stdout}\n${result.stderr}`)?.[1];
    return { code: result.code, where: result.code === 0 ? undefined : where };
  }

  it.each(badManifestCorpus().map((c) => [c.name, c] as const))(
    'corpus: %s',
    async (_name, testCase) => {
      requireBuiltCli();
      // Prepare
      const dir = await tempDir();
      const location = await writeManifestCase(dir, testCase);
      const flags = [
        '--format',
        testCase.format,
        ...(testCase.header ? ['--header'] : []),
        ...(testCase.fields ? ['--fields', testCase.fields.join(',')] : []),
      ];
      const operation = testCase.format === 'pairs' ? [] : ['--operation', TAG];

      // Act
      const validate = await runCli(
        ['manifest', 'validate', location, ...flags],
        emulator.processEnv(),
      );
      const plan = await runCli(
        ['plan', '--manifest', location, ...flags, ...operation],
        emulator.processEnv(),
      );

      // Assess
      expect(validate.code).toBe(2);
      expect(verdict(plan)).toEqual(verdict(validate));
    },
  );

  it.each([
    ['pairs with a header row', 'source,destination\ns3://a-bucket/x,s3://b-bucket/x\n', 0],
    ['pairs without a header row', 's3://a-bucket/x,s3://b-bucket/x\n', 0],
    ['csv without a header row', 'a-bucket,x.txt\n', 0],
    ['csv with a header row', 'Bucket,Key\na-bucket,x.txt\n', 2],
  ])('%s, format and header guessed', async (_name, text, code) => {
    requireBuiltCli();
    // Prepare
    const dir = await tempDir();
    const location = await writeText(dir, 'm.csv', text);
    const operation = text.includes('s3://') ? [] : ['--operation', TAG];

    // Act
    const validate = await runCli(['manifest', 'validate', location], emulator.processEnv());
    const plan = await runCli(
      ['plan', '--manifest', location, ...operation],
      emulator.processEnv(),
    );

    // Assess
    expect(validate.code, validate.stdout + validate.stderr).toBe(code);
    expect(verdict(plan)).toEqual(verdict(validate));
  });
});
