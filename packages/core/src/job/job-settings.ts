import { DEFAULT_ENGINE_SETTINGS, DEFAULT_OPERATION_SETTINGS } from '../config/defaults.js';
import type { EngineSettings } from '../engine/types.js';
import type { OperationContext, OperationSettings } from '../operations/types.js';
import type { JobClients } from './job-clients.js';
import type { JobSpec, JobSpecDraft } from './types.js';

/** The task clients an operation gets (a job's, or a test's own; without a copier, the SDK copies). */
export type OperationClients = Pick<
  JobClients,
  'source' | 'destination' | 'crossEndpoint' | 'lambda' | 'dynamodb'
> &
  Partial<Pick<JobClients, 'copier' | 'sourceCopier'>>;

/** How the engine runs a job: defaults, then the spec's `engine`. */
export function engineSettingsOf(spec: Pick<JobSpecDraft, 'engine'>): EngineSettings {
  return { ...DEFAULT_ENGINE_SETTINGS, ...spec.engine };
}

/** What operations get besides clients: defaults, the spec's sizes, its owner checks. */
export function operationSettingsOf(
  spec: Pick<JobSpecDraft, 'aws' | 'operationSettings'>,
): OperationSettings {
  const { aws } = spec;
  return {
    ...DEFAULT_OPERATION_SETTINGS,
    ...spec.operationSettings,
    ...(aws.expectedBucketOwner ? { expectedBucketOwner: aws.expectedBucketOwner } : {}),
    ...(aws.expectedSourceBucketOwner
      ? { expectedSourceBucketOwner: aws.expectedSourceBucketOwner }
      : {}),
  };
}

/**
 * What every task of the job gets, but the abort signal (the engine adds its own). The Lambda
 * handler passes its event's job id with the settings from its environment.
 */
export function operationContextOf(
  spec: Pick<JobSpec, 'jobId' | 'aws' | 'operationSettings'>,
  clients: OperationClients,
): Omit<OperationContext, 'signal'> {
  return {
    s3: {
      source: clients.source,
      destination: clients.destination,
      ...(clients.copier ? { copier: clients.copier } : {}),
      ...(clients.sourceCopier ? { sourceCopier: clients.sourceCopier } : {}),
    },
    crossEndpoint: clients.crossEndpoint,
    ...(clients.lambda ? { lambda: clients.lambda } : {}),
    ...(clients.dynamodb ? { dynamodb: clients.dynamodb } : {}),
    jobId: spec.jobId,
    settings: operationSettingsOf(spec),
  };
}
