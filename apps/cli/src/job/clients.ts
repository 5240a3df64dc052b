import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  ConfigError,
  DEFAULT_OPERATION_SETTINGS,
  createHttpHandler,
  createS3Client,
  type AwsSettings,
  type OperationContext,
  type OperationSettings,
} from '@s3bulk/core';

/** The S3 clients of one job, and whether a server-side copy can cross from one to the other. */
export interface JobClients {
  readonly source: S3Client;
  readonly destination: S3Client;
  readonly crossEndpoint: boolean;
  /** Close every keep-alive socket so the process can exit. */
  destroy(): void;
}

interface Side {
  readonly endpointUrl?: string;
  readonly profile?: string;
}

function side(aws: AwsSettings, which: 'source' | 'destination'): Side {
  const endpointUrl =
    (which === 'source' ? aws.sourceEndpointUrl : aws.destinationEndpointUrl) ?? aws.endpointUrl;
  const profile = which === 'source' ? aws.sourceProfile : aws.destinationProfile;
  return { ...(endpointUrl ? { endpointUrl } : {}), ...(profile ? { profile } : {}) };
}

/**
 * Source and destination clients from the job's AWS settings. Both sides share one client (and
 * one keep-alive pool) unless their profile or endpoint differ; then a server-side CopyObject
 * cannot reach across, and operations stream GET into PUT instead.
 */
export function createJobClients(aws: AwsSettings, concurrency: number): JobClients {
  const build = (s: Side) =>
    createS3Client({
      ...(aws.region ? { region: aws.region } : {}),
      ...s,
      // A task may hold a source and a destination socket at once (streamed copies).
      maxSockets: concurrency,
      // The engine retries whole tasks with backoff and adaptive concurrency.
      maxAttempts: 1,
    });
  const sourceSide = side(aws, 'source');
  const destinationSide = side(aws, 'destination');
  const crossEndpoint =
    sourceSide.endpointUrl !== destinationSide.endpointUrl ||
    sourceSide.profile !== destinationSide.profile;
  const source = build(sourceSide);
  const destination = crossEndpoint ? build(destinationSide) : source;
  return {
    source,
    destination,
    crossEndpoint,
    destroy() {
      source.destroy();
      if (destination !== source) destination.destroy();
    },
  };
}

/**
 * The Lambda client of a `LambdaInvoke` job, as `createDynamoDbClient` is for imports: loaded on
 * first use, so other jobs never pay the SDK's start-up. Pooled like the S3 clients, engine
 * retries; 15 minutes per request, a Lambda's longest run.
 */
export async function createLambdaClient(
  aws: AwsSettings,
  concurrency: number,
): Promise<LambdaClient> {
  const { LambdaClient } = await import('@aws-sdk/client-lambda');
  return new LambdaClient({
    ...(aws.region ? { region: aws.region } : {}),
    ...(aws.endpointUrl ? { endpoint: aws.endpointUrl } : {}),
    maxAttempts: 1,
    requestHandler: createHttpHandler(concurrency, 15 * 60_000),
  });
}

/** The operation settings of a job: defaults, then what the job was created with. */
export function operationSettingsOf(
  aws: AwsSettings,
  overrides: Partial<OperationSettings> | undefined,
): OperationSettings {
  return {
    ...DEFAULT_OPERATION_SETTINGS,
    ...overrides,
    ...(aws.expectedBucketOwner ? { expectedBucketOwner: aws.expectedBucketOwner } : {}),
    ...(aws.expectedSourceBucketOwner
      ? { expectedSourceBucketOwner: aws.expectedSourceBucketOwner }
      : {}),
  };
}

/** What every operation of the job gets, but the abort signal (the engine adds its own). */
export function operationContextOf(
  jobId: string,
  clients: JobClients,
  settings: OperationSettings,
): Omit<OperationContext, 'signal'> {
  return {
    s3: { source: clients.source, destination: clients.destination },
    crossEndpoint: clients.crossEndpoint,
    jobId,
    settings,
  };
}

/**
 * Fail before the job starts when no AWS region can be found (no `--region`, `AWS_REGION` or
 * profile region): otherwise every task would fail alike with the SDK's "Region is missing".
 */
export async function assertRegionKnown(
  clients: Pick<JobClients, 'source' | 'destination'>,
): Promise<void> {
  for (const client of new Set([clients.source, clients.destination])) {
    try {
      await client.config.region();
    } catch (error) {
      throw new ConfigError(
        'no AWS region: pass --region, set AWS_REGION, or give your profile a region (for an S3-compatible endpoint any region it accepts, such as us-east-1)',
        { cause: error },
      );
    }
  }
}
