// One lint setup for the workspace. Module boundaries are enforced here: core stays free of
// every edge (CLI, CDK, Lambda runtime), and nothing imports an app.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const appImports = [
  '@s3bulk/cli',
  '@s3bulk/cli/*',
  '@s3bulk/worker',
  '@s3bulk/worker/*',
  '@s3bulk/infra',
  '@s3bulk/infra/*',
];

const lazySdks = [
  '@aws-sdk/client-s3',
  '@aws-sdk/lib-storage',
  '@aws-sdk/client-lambda',
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/client-batch',
  '@aws-sdk/client-s3-control',
  '@aws-sdk/client-sts',
  '@aws-sdk/credential-providers',
  '@aws-sdk/credential-provider-node',
  '@smithy/node-http-handler',
  '@smithy/core/endpoints',
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/cdk.out/**',
      '**/node_modules/**',
      'reports/**',
      '.nx/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        structuredClone: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: appImports, message: 'Apps are edges: nothing imports an app.' }] },
      ],
    },
  },
  {
    files: ['packages/core/**/*.ts'],
    // Tests and their helpers (child processes, fixtures) may use the harness and the environment.
    ignores: ['packages/core/**/*.test.ts', 'packages/core/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: appImports, message: 'Apps are edges: nothing imports an app.' },
            { group: ['@oclif/*'], message: 'core has no CLI: render in apps/cli.' },
            {
              group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdk-nag'],
              message: 'core has no CDK: infrastructure lives in apps/infra.',
            },
            {
              group: ['@aws-lambda-powertools/*', 'aws-lambda', '@types/aws-lambda'],
              message: 'core has no Lambda runtime: see packages/batch-lambda.',
            },
            {
              group: ['@s3bulk/batch-lambda', '@s3bulk/testing'],
              message: 'core depends on nothing else in the workspace.',
            },
          ],
        },
      ],
      // The SDKs a job may not need load through config/load-sdk.ts on first use; a value import
      // would load them at every start (docs/benchmarks.md, "Start-up"). Types are free.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: lazySdks.map((name) => ({
            name,
            allowTypeImports: true,
            message: 'load it on first use: loadSdk() in core/config/load-sdk.ts',
          })),
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'core reads no environment: edges pass config in (see core/config).',
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
