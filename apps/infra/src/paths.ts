import { join, resolve } from 'node:path';

/** The repository root: src/ and dist/ both sit two levels below it, under apps/infra. */
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/** Where the assets other projects own live; infra refers to them only as paths. */
export const ASSET_PATHS = {
  /**
   * Docker build context of the worker image: its Dockerfile copies the esbuild bundle
   * `dist/main.mjs`, so `nx run worker:bundle` runs before `cdk deploy`.
   */
  workerContext: join(REPO_ROOT, 'apps/worker'),
  /** The worker's Dockerfile, relative to `workerContext`. */
  workerDockerfile: 'Dockerfile',
  /** Entry of the S3 Batch Operations LambdaInvoke handler (exports `handler`). */
  lambdaEntry: join(REPO_ROOT, 'packages/batch-lambda/src/handler.ts'),
  /** The lockfile esbuild bundling resolves the Lambda's dependencies against. */
  lockFile: join(REPO_ROOT, 'package-lock.json'),
} as const;
