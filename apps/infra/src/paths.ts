import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

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

/** The command that builds the worker bundle the image copies. */
export const WORKER_BUNDLE_COMMAND = 'npx nx run worker:bundle';

/**
 * `cdk synth|deploy` needs the worker bundle: without it synth would stage an image context with
 * no `dist/main.mjs` and the deploy would fail late, in the Docker build. Fail now, saying why.
 */
export function requireWorkerBundle(context: string = ASSET_PATHS.workerContext): void {
  const bundle = join(context, 'dist/main.mjs');
  if (existsSync(bundle)) return;
  throw new Error(
    `the worker bundle ${relative(REPO_ROOT, bundle)} is missing: run \`${WORKER_BUNDLE_COMMAND}\` ` +
      'first (`npx nx run infra:synth` and `npx nx run infra:deploy` run it for you)',
  );
}
