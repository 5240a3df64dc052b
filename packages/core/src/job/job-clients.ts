import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsSettings } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { createHttpHandler, createS3Client, createS3Side, type S3Side } from '../s3/client.js';
import type { SideConfig } from '../s3/side-config.js';
import { loadSdk } from '../config/load-sdk.js';
import { assumeRoleCredentials } from './role-credentials.js';

/** Session name of the destination role, as CloudTrail in the destination account shows it. */
export const DESTINATION_ROLE_SESSION = 's3bulk';

/** Operations that call Lambda or DynamoDB: only their jobs load those SDKs. */
const NEEDS_LAMBDA = new Set(['LambdaInvoke']);
const NEEDS_DYNAMODB = new Set(['DynamoDbImport']);

/** A Lambda function runs for at most 15 minutes: one Invoke may take that long. */
const LAMBDA_REQUEST_TIMEOUT_MS = 15 * 60_000;

/** SDK attempts of control calls (manifest, report, checkpoints): no engine retries them. */
const CONTROL_ATTEMPTS = 5;
const CONTROL_SOCKETS = 8;

export interface JobClientOptions {
  /** Tasks in flight: each side's pool holds this many sockets. */
  readonly concurrency: number;
  /** The operation's name: Lambda and DynamoDB clients are made only for the jobs that call them. */
  readonly operation?: string;
  /**
   * Credentials of every client of the job (S3 Batch Operations' `RoleArn`, assumed by
   * `assumeRoleCredentials`). They win over a side's profile; a destination role, when set,
   * still signs the destination's calls.
   * @default the SDK's chain, or the side's profile
   */
  readonly credentials?: AwsCredentialIdentityProvider;
}

/**
 * The clients of one job. Task clients (`source`, `destination`, `lambda`) make one attempt per
 * request: the engine retries whole tasks with backoff and adaptive concurrency, so
 * SDK retries would multiply its attempts. Control clients read the manifest and write the report
 * and checkpoints, which nothing else retries.
 */
export interface JobClients {
  readonly source: S3Client;
  readonly destination: S3Client;
  /** The destination side's lean CopyObject path, sharing its socket pool. */
  readonly copier: S3Side['copier'];
  /** The source side's lean path, for its listings. */
  readonly sourceCopier: S3Side['copier'];
  /** Region and credentials of each side, resolved without loading the S3 SDK. */
  readonly config: { readonly source: SideConfig; readonly destination: SideConfig };
  /** Source and destination differ in endpoint or credentials: no server-side copy between them. */
  readonly crossEndpoint: boolean;
  readonly control: { readonly source: S3Client; readonly destination: S3Client };
  readonly lambda?: LambdaClient;
  readonly dynamodb?: DynamoDBClient;
  /** Close every pool so the process can exit. */
  destroy(): void;
}

export interface SideSettings {
  readonly region?: string;
  readonly endpointUrl?: string;
  readonly profile?: string;
  readonly credentials?: AwsCredentialIdentityProvider;
}

/**
 * Every client a job needs, from its AWS settings: one keep-alive pool per side (shared by the
 * SDK and the lean copier), a second side only when the destination's endpoint, profile, region
 * or role differ, and the Lambda or DynamoDB SDK loaded only when the operation calls it.
 */
export async function createJobClients(
  aws: AwsSettings,
  options: JobClientOptions,
): Promise<JobClients> {
  const sourceSide = withCredentials(sideOf(aws, 'source'), options.credentials);
  const destinationSide = withCredentials(sideOf(aws, 'destination'), options.credentials);
  const twoSides =
    sourceSide.endpointUrl !== destinationSide.endpointUrl ||
    sourceSide.profile !== destinationSide.profile ||
    sourceSide.region !== destinationSide.region ||
    aws.destinationRoleArn !== undefined;
  // A task may hold a source and a destination socket at once (streamed copies).
  const task = { maxSockets: options.concurrency, maxAttempts: 1 };
  const control = { maxSockets: CONTROL_SOCKETS, maxAttempts: CONTROL_ATTEMPTS };
  const source = createS3Side({ ...sourceSide, ...task });
  const destination = twoSides ? createS3Side({ ...destinationSide, ...task }) : source;
  const controlSource = createS3Client({ ...sourceSide, ...control });
  const controlDestination = twoSides
    ? createS3Client({ ...destinationSide, ...control })
    : controlSource;
  const crossEndpoint =
    sourceSide.endpointUrl !== destinationSide.endpointUrl ||
    sourceSide.profile !== destinationSide.profile ||
    aws.destinationRoleArn !== undefined;
  const lambda = NEEDS_LAMBDA.has(options.operation ?? '')
    ? await createLambdaClient(aws, options.concurrency, options.credentials)
    : undefined;
  const dynamodb = NEEDS_DYNAMODB.has(options.operation ?? '')
    ? await createDynamoDbClient(aws, options.concurrency, options.credentials)
    : undefined;
  return {
    source: source.client,
    destination: destination.client,
    copier: destination.copier,
    sourceCopier: source.copier,
    config: { source: source.config, destination: destination.config },
    crossEndpoint,
    control: { source: controlSource, destination: controlDestination },
    ...(lambda ? { lambda } : {}),
    ...(dynamodb ? { dynamodb } : {}),
    destroy() {
      for (const client of new Set([source, destination])) client.destroy();
      for (const client of new Set([controlSource, controlDestination])) client.destroy();
      lambda?.destroy();
      dynamodb?.destroy();
    },
  };
}

/** The settings of one side's S3 clients: endpoint, profile, region and credentials. */
export function sideOf(aws: AwsSettings, which: 'source' | 'destination'): SideSettings {
  const source = which === 'source';
  const endpointUrl =
    (source ? aws.sourceEndpointUrl : aws.destinationEndpointUrl) ?? aws.endpointUrl;
  const profile = source ? aws.sourceProfile : aws.destinationProfile;
  const region = source ? aws.region : (aws.destinationRegion ?? aws.region);
  const credentials = !source && aws.destinationRoleArn ? destinationRole(aws) : undefined;
  return {
    ...(region ? { region } : {}),
    ...(endpointUrl ? { endpointUrl } : {}),
    ...(profile ? { profile } : {}),
    ...(credentials ? { credentials } : {}),
  };
}

/** The job's credentials on a side that has no role of its own (the destination role wins). */
function withCredentials(
  side: SideSettings,
  credentials: AwsCredentialIdentityProvider | undefined,
): SideSettings {
  return credentials && !side.credentials ? { ...side, credentials } : side;
}

/** The destination role, assumed through STS in the job's own region and STS endpoint. */
function destinationRole(aws: AwsSettings): AwsCredentialIdentityProvider {
  return assumeRoleCredentials({
    roleArn: aws.destinationRoleArn!,
    sessionName: DESTINATION_ROLE_SESSION,
    ...(aws.region ? { region: aws.region } : {}),
    ...(aws.endpoints?.sts ? { stsEndpoint: aws.endpoints.sts } : {}),
  });
}

async function createLambdaClient(
  aws: AwsSettings,
  concurrency: number,
  credentials: AwsCredentialIdentityProvider | undefined,
): Promise<LambdaClient> {
  const { LambdaClient } = await loadSdk('lambda');
  return new LambdaClient({
    ...(aws.region ? { region: aws.region } : {}),
    ...(aws.endpoints?.lambda ? { endpoint: aws.endpoints.lambda } : {}),
    ...(credentials ? { credentials } : {}),
    maxAttempts: 1,
    requestHandler: await createHttpHandler(concurrency, LAMBDA_REQUEST_TIMEOUT_MS),
  });
}

async function createDynamoDbClient(
  aws: AwsSettings,
  concurrency: number,
  credentials: AwsCredentialIdentityProvider | undefined,
): Promise<DynamoDBClient> {
  const { DynamoDBClient } = await loadSdk('dynamodb');
  return new DynamoDBClient({
    ...(aws.region ? { region: aws.region } : {}),
    ...(aws.endpoints?.dynamodb ? { endpoint: aws.endpoints.dynamodb } : {}),
    ...(credentials ? { credentials } : {}),
    // One task imports a whole CSV: BatchWriteItem throttling is retried here, unprocessed items
    // by the operation, so the SDK's retries stay on.
    requestHandler: await createHttpHandler(concurrency),
  });
}

/**
 * Fail before the job starts when no AWS region can be found (no `--region`, `AWS_REGION` or
 * profile region): otherwise every task would fail alike with the SDK's "Region is missing".
 */
export async function assertRegionKnown(clients: Pick<JobClients, 'config'>): Promise<void> {
  for (const side of new Set([clients.config.source, clients.config.destination])) {
    try {
      await side.region();
    } catch (error) {
      throw new ConfigError(
        'no AWS region: pass --region, set AWS_REGION, or give your profile a region (for an S3-compatible endpoint any region it accepts, such as us-east-1)',
        { cause: error },
      );
    }
  }
}

/**
 * Fail before the job starts when a side cannot get credentials (no keys, profile or role found;
 * a role STS refuses): otherwise every task would fail alike with the same error. The side keeps
 * what it resolved, so the first request does not resolve them again.
 */
export async function assertCredentialsFound(clients: Pick<JobClients, 'config'>): Promise<void> {
  const { source, destination } = clients.config;
  const sides: [string, typeof source][] =
    source === destination
      ? [['', source]]
      : [
          [' for the source', source],
          [' for the destination', destination],
        ];
  for (const [which, side] of sides) {
    try {
      await side.credentials();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConfigError(
        `no AWS credentials${which}: ${reason}. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, name a profile (--profile or AWS_PROFILE; run \`aws sso login\` first for an SSO profile), or run where a role provides them (instance profile, ECS task role, web identity)`,
        { cause: error, code: 'NoCredentials' },
      );
    }
  }
}
