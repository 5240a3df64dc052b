import { describe, expect, it } from 'vitest';
import { resumeCommand, typedJobFlags } from './resume.js';

describe('job: resume', () => {
  it('finds the job-defining flags typed on the command line, not concurrency or env', () => {
    // Prepare
    const argv = [
      '--resume',
      'id',
      '--concurrency',
      '8',
      '--report=./r',
      '-m',
      'x.csv',
      '--json',
      '--',
      '--operation',
    ];

    // Act
    const typed = typedJobFlags(argv);

    // Assess
    expect(typed.sort()).toEqual(['manifest', 'report']);
  });

  it.each([
    ['.s3bulk/jobs', 's3bulk run --resume 20261122-031500-1a2b3c4d'],
    ['/tmp/jobs', 's3bulk run --resume 20261122-031500-1a2b3c4d --job-dir /tmp/jobs'],
    ['/tmp/my jobs', "s3bulk run --resume 20261122-031500-1a2b3c4d --job-dir '/tmp/my jobs'"],
  ])('prints how to resume with --job-dir %s', (dir, command) => {
    expect(resumeCommand('20261122-031500-1a2b3c4d', dir, '.s3bulk/jobs')).toBe(command);
  });
});
