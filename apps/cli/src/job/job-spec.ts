import { resolve } from 'node:path';
import {
  DEFAULT_ENGINE_SETTINGS,
  isS3Url,
  type AwsSettings,
  type EngineSettings,
  type JobSpecDraft,
  type OperationSettings,
  type ReportSpec,
} from '@s3bulk/core';
import { parseByteSize } from './byte-size.js';
import { parseDuration } from './duration.js';
import type { JobFlags } from './flags.js';
import { manifestInputFrom } from './manifest-input.js';
import { readOperationJson } from './operation-input.js';

/**
 * The S3 endpoint: `--endpoint-url`, else the SDKs' `AWS_ENDPOINT_URL_S3`, else
 * `AWS_ENDPOINT_URL`. Other services (Lambda, DynamoDB, STS, Batch, S3 Control) are left to the
 * SDK, which reads their own `AWS_ENDPOINT_URL_<SERVICE>` and `AWS_ENDPOINT_URL`.
 */
export function s3EndpointFrom(
  flags: { 'endpoint-url'?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  return flags['endpoint-url'] || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
}

/** AWS settings of a job: the shared flags (and their env vars) plus the per-side ones. */
export function awsSettingsFrom(flags: JobFlags): AwsSettings {
  const endpointUrl = s3EndpointFrom(flags);
  return {
    ...(flags.region ? { region: flags.region } : {}),
    ...(endpointUrl ? { endpointUrl } : {}),
    ...(flags['source-profile'] ? { sourceProfile: flags['source-profile'] } : {}),
    ...(flags['destination-profile'] ? { destinationProfile: flags['destination-profile'] } : {}),
    ...(flags['source-endpoint-url'] ? { sourceEndpointUrl: flags['source-endpoint-url'] } : {}),
    ...(flags['destination-endpoint-url']
      ? { destinationEndpointUrl: flags['destination-endpoint-url'] }
      : {}),
    ...(flags['expected-bucket-owner']
      ? { expectedBucketOwner: flags['expected-bucket-owner'] }
      : {}),
    ...(flags['expected-source-bucket-owner']
      ? { expectedSourceBucketOwner: flags['expected-source-bucket-owner'] }
      : {}),
  };
}

/** `--multipart-threshold` and `--part-size`, when given. */
export function operationSettingsFrom(flags: JobFlags): Partial<OperationSettings> {
  return {
    ...(flags['multipart-threshold']
      ? { multipartThreshold: parseByteSize(flags['multipart-threshold'], 'multipart-threshold') }
      : {}),
    ...(flags['part-size'] ? { partSize: parseByteSize(flags['part-size'], 'part-size') } : {}),
  };
}

/**
 * `--concurrency`, `--attempt-timeout` and the failure threshold: how a job runs, which a resume
 * may change.
 */
export function engineFlagsFrom(flags: JobFlags): Partial<EngineSettings> {
  const tasks = flags['failure-threshold-tasks'];
  const percent = flags['failure-threshold-percent'];
  const defaults = DEFAULT_ENGINE_SETTINGS.failureThreshold;
  return {
    ...(flags.concurrency ? { concurrency: flags.concurrency } : {}),
    ...(flags['attempt-timeout']
      ? { attemptTimeoutMs: parseDuration(flags['attempt-timeout'], 'attempt-timeout') }
      : {}),
    ...(tasks !== undefined || percent !== undefined
      ? {
          failureThreshold: {
            minTasks: tasks ?? defaults.minTasks,
            ratio: percent === undefined ? defaults.ratio : percent / 100,
          },
        }
      : {}),
  };
}

/** `--report` and `--report-scope`; local folders are kept absolute. */
export function reportSpecFrom(flags: JobFlags): ReportSpec | undefined {
  if (!flags.report) return undefined;
  return {
    location: isS3Url(flags.report) ? flags.report : resolve(flags.report),
    scope: flags['report-scope'],
  };
}

/**
 * The job as the flags describe it: what `run` persists in the job folder, `plan` shows and
 * `plan --save-spec` writes. Everything that defines the job is in here, so `--resume` needs
 * nothing but the id.
 */
export async function jobSpecFrom(
  flags: JobFlags,
  onGuess: (message: string) => void,
): Promise<JobSpecDraft> {
  const aws = awsSettingsFrom(flags);
  const manifest = await manifestInputFrom(flags, aws, onGuess);
  const operation = await readOperationJson({
    operation: flags.operation,
    operationFile: flags['operation-file'],
    syncDelete: flags['sync-delete'],
    compare: flags.compare,
    pairs: manifest.format === 'pairs',
  });
  const operationSettings = operationSettingsFrom(flags);
  const report = reportSpecFrom(flags);
  return {
    version: 1,
    manifest,
    operation,
    ...(report ? { report } : {}),
    engine: engineFlagsFrom(flags),
    aws,
    ...(Object.keys(operationSettings).length > 0 ? { operationSettings } : {}),
  };
}
