import { IgnoreMode } from 'aws-cdk-lib';
import { ContainerImage } from 'aws-cdk-lib/aws-ecs';
import { ASSET_PATHS } from '../paths.js';

/**
 * The worker image, built from `apps/worker/Dockerfile` by `cdk deploy` (synth needs no Docker).
 * The worker's `.dockerignore` keeps the context to its bundle, so the asset hash changes
 * exactly when the bundle does.
 */
export function workerImage(): ContainerImage {
  return ContainerImage.fromAsset(ASSET_PATHS.workerContext, {
    file: ASSET_PATHS.workerDockerfile,
    ignoreMode: IgnoreMode.DOCKER,
  });
}
