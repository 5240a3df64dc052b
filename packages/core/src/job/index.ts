export { JOB_SPEC_VERSION } from './constants.js';
export type { JobSpec, JobSpecDraft } from './types.js';
export {
  formatJobSpec,
  jobSpecJsonSchema,
  parseJobSpec,
  parseJobSpecText,
  readJobSpec,
  withJobIdentity,
} from './job-spec.js';
export {
  DESTINATION_ROLE_SESSION,
  assertCredentialsFound,
  assertRegionKnown,
  createJobClients,
  sideOf,
  type SideSettings,
  type JobClientOptions,
  type JobClients,
} from './job-clients.js';
export {
  engineSettingsOf,
  operationContextOf,
  operationSettingsOf,
  type OperationClients,
} from './job-settings.js';
export { openControlPlane, type ControlPlane, type ControlPlaneOptions } from './control-plane.js';
export { openJob, type OpenJobOptions, type OpenedJob } from './open-job.js';
export { planJob, type JobPlan, type PlanOptions, type PlannedTask } from './plan-job.js';
export { readStoredSpec, resumedSpec, type ResumeChanges } from './stored-job.js';
export { checkManifest, loadJobSpec, manifestSpecFor, type ManifestCheck } from './job-inputs.js';
export {
  AssumeRoleError,
  ROLE_REFRESH_MARGIN_MS,
  assumeRoleCredentials,
  type RoleCredentialsOptions,
} from './role-credentials.js';
