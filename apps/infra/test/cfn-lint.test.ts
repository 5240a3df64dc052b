import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testStack } from './support.js';

/**
 * W3005 ("DependsOn already enforced by GetAtt") is how CDK orders a role's policy before the
 * resource that uses the role; the extra edge is intentional and harmless.
 */
const IGNORED_CHECKS = ['W3005'];

describe('cfn-lint: the synthesized template', () => {
  it('passes cfn-lint without errors or warnings', (ctx) => {
    // Prepare: .ci/run installs cfn-lint, so in CI a missing one is a failure, not a skip.
    const version = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
    if (version.error) {
      const why = 'cfn-lint not found (pip install cfn-lint, or apt-get install cfn-lint)';
      if (process.env.CI === 'true') throw new Error(why);
      return ctx.skip(why);
    }
    const { app, stack } = testStack({
      batch: { importTableName: 'imports', spot: true },
      network: {
        vpcId: 'vpc-0123456789abcdef0',
        subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
      },
    });
    const { app: defaults, stack: defaultStack } = testStack();
    const templates = [
      join(app.synth().directory, stack.templateFile),
      join(defaults.synth().directory, defaultStack.templateFile),
    ];

    // Act
    const lint = spawnSync(
      'cfn-lint',
      ['--format', 'parseable', '--ignore-checks', ...IGNORED_CHECKS, '--', ...templates],
      { encoding: 'utf8' },
    );

    // Assess
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.status).toBe(0);
  }, 180_000);
});
