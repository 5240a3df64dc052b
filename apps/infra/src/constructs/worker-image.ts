import { IgnoreMode } from 'aws-cdk-lib';
import { ContainerImage } from 'aws-cdk-lib/aws-ecs';
import { ASSET_PATHS } from '../paths.js';

/**
 * Paths of the repository the worker image never needs; leaving them out keeps asset hashing
 * and staging fast (and keeps the cloud assembly from copying itself).
 */
export const WORKER_IMAGE_EXCLUDES = [
  '**/node_modules',
  '.git',
  '.nx',
  '.s3bulk',
  '**/cdk.out',
  'reports',
  'coverage',
  'bench/results',
];

/** The worker image, built from `apps/worker/Dockerfile` by `cdk deploy` (synth needs no Docker). */
export function workerImage(): ContainerImage {
  return ContainerImage.fromAsset(ASSET_PATHS.workerContext, {
    file: ASSET_PATHS.workerDockerfile,
    exclude: WORKER_IMAGE_EXCLUDES,
    ignoreMode: IgnoreMode.DOCKER,
  });
}
