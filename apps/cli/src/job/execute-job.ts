import {
  createDynamoDbClient,
  needsDynamoDb,
  openManifest,
  runJob,
  type JobEvent,
  type JobSummary,
} from '@s3bulk/core';
import {
  assertRegionKnown,
  createJobClients,
  createLambdaClient,
  operationContextOf,
  operationSettingsOf,
} from './clients.js';
import type { PreparedJob } from './prepare-job.js';

export interface ExecuteOptions {
  readonly signal: AbortSignal;
  readonly onEvent: (event: JobEvent) => void;
}

/**
 * Wire a prepared job to core: clients from its AWS settings (one keep-alive pool per side,
 * sized to the concurrency), its operation, its manifest, its folder; then run it to the end.
 */
export async function executeJob(job: PreparedJob, options: ExecuteOptions): Promise<JobSummary> {
  const { spec, settings } = job;
  const { operation } = job;
  const clients = createJobClients(spec.aws, settings.concurrency);
  try {
    await assertRegionKnown(clients);
  } catch (error) {
    clients.destroy();
    throw error;
  }
  // DynamoDbImport writes to a table: its client comes from the same region and endpoint, with
  // a pool sized to the concurrency.
  const dynamodb = needsDynamoDb(operation.name)
    ? await createDynamoDbClient({
        ...(spec.aws.region ? { region: spec.aws.region } : {}),
        ...(spec.aws.endpointUrl ? { endpointUrl: spec.aws.endpointUrl } : {}),
        maxSockets: settings.concurrency,
      })
    : undefined;
  const lambda =
    operation.name === 'LambdaInvoke'
      ? await createLambdaClient(spec.aws, settings.concurrency)
      : undefined;
  try {
    return await runJob({
      spec,
      operation,
      // The engine stops pulling rows on abort; the reader itself needs no signal.
      manifest: () =>
        openManifest(spec.manifest, {
          s3: clients.source,
          ...(spec.aws.expectedSourceBucketOwner
            ? { expectedBucketOwner: spec.aws.expectedSourceBucketOwner }
            : {}),
        }),
      context: {
        ...operationContextOf(
          spec.jobId,
          clients,
          operationSettingsOf(spec.aws, spec.operationSettings),
        ),
        ...(dynamodb ? { dynamodb } : {}),
        ...(lambda ? { lambda } : {}),
      },
      store: job.store,
      settings,
      signal: options.signal,
      onEvent: options.onEvent,
    });
  } finally {
    clients.destroy();
    dynamodb?.destroy();
    lambda?.destroy();
  }
}
