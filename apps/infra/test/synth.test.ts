import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTEXT_KEYS, DEFAULT_STACK_NAME } from '../src/index.js';
import { INFRA_DIR } from './support.js';

/** The environment of a CI job that has no AWS account at all. */
function withoutAwsCredentials(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('AWS_') && !name.startsWith('CDK_')) env[name] = value;
  }
  return {
    ...env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // Point the SDK at files that do not exist, so no profile on this machine is found either.
    AWS_CONFIG_FILE: join(tmpdir(), 's3bulk-no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(tmpdir(), 's3bulk-no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

describe('cdk synth: the real app', () => {
  it('synthesizes with the aws-cdk CLI, the real assets and cdk-nag, without credentials', () => {
    // Prepare
    const outdir = mkdtempSync(join(tmpdir(), 's3bulk-cdk-synth-'));

    // Act
    const synth = spawnSync(
      'npx',
      [
        'cdk',
        'synth',
        '--quiet',
        '--no-notices',
        '--no-version-reporting',
        '--output',
        outdir,
        '--context',
        `${CONTEXT_KEYS.sources}=source-bucket/exports/`,
        '--context',
        `${CONTEXT_KEYS.destinations}=dest-bucket/copies/@111122223333`,
        '--context',
        `${CONTEXT_KEYS.maxVcpus}=32`,
      ],
      { cwd: INFRA_DIR, env: withoutAwsCredentials(), encoding: 'utf8', timeout: 240_000 },
    );

    // Assess
    expect(synth.status, synth.stderr).toBe(0);
    const template = JSON.parse(
      readFileSync(join(outdir, `${DEFAULT_STACK_NAME}.template.json`), 'utf8'),
    ) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    const types = Object.values(template.Resources).map((r) => r.Type);
    expect(types).toEqual(
      expect.arrayContaining([
        'AWS::Batch::ComputeEnvironment',
        'AWS::Batch::JobQueue',
        'AWS::Batch::JobDefinition',
        'AWS::Events::Rule',
        'AWS::Lambda::Function',
      ]),
    );
    const assets = JSON.parse(
      readFileSync(join(outdir, `${DEFAULT_STACK_NAME}.assets.json`), 'utf8'),
    ) as { dockerImages: Record<string, { source: { directory: string } }> };
    const images = Object.values(assets.dockerImages);
    expect(images).toHaveLength(1);
    // The worker's .dockerignore shapes the image context: its Dockerfile and bundle, no sources.
    const context = readdirSync(join(outdir, images[0]?.source.directory ?? ''));
    expect(context).toContain('Dockerfile');
    expect(context).not.toContain('src');
    expect(context).not.toContain('node_modules');
    // The Lambda bundle is real ESM that Node loads, with the handler the function names.
    const bundle = readdirSync(outdir)
      .map((entry) => join(outdir, entry, 'index.mjs'))
      .find((file) => existsSync(file));
    const load = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(bundle)}); console.log(typeof m.handler);`,
      ],
      { env: { ...withoutAwsCredentials(), AWS_REGION: 'us-east-1' }, encoding: 'utf8' },
    );
    expect(load.stdout.trim(), load.stderr).toBe('function');
    // cdk-nag ran as a validation plugin; a finding would have failed the synth above.
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { conclusion: string }[];
    };
    expect(report.pluginReports.filter((r) => r.conclusion !== 'success')).toEqual([]);
  }, 300_000);
});
