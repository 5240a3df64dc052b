import { basename, join, resolve } from 'node:path';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

const root = import.meta.dirname;

/**
 * One test setup for every project: workspace packages resolve to their sources (no build
 * needed for unit tests), and each run leaves a JSON summary that `.ci/run` adds up.
 */
export function defineProjectConfig(
  projectDir: string,
  options: { emulator?: boolean; test?: ViteUserConfig['test'] } = {},
) {
  const name = basename(projectDir);
  // Projects with integration tests get one S3 API for the run (see packages/testing).
  const globalSetup = options.emulator ? [join(root, 'packages/testing/src/global-setup.ts')] : [];
  return defineConfig({
    resolve: {
      alias: [
        {
          find: /^@s3bulk\/(core|testing|batch-lambda)$/,
          replacement: join(root, 'packages/$1/src/index.ts'),
        },
      ],
    },
    test: {
      name,
      root: projectDir,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      reporters: [
        'default',
        ['json', { outputFile: resolve(root, 'reports/vitest', `${name}.json`) }],
      ],
      globalSetup,
      // The SDK's Node 20 notice is for operators, not for test output.
      env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      ...options.test,
    },
  });
}
