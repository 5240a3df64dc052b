import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { EngineSettings } from '../engine/types.js';
import type { ManifestEntry, ReadManifestOptions } from '../manifest/types.js';
import { openManifestBatches } from '../manifest/open-manifest.js';
import { parseOperation } from '../operations/registry.js';
import type { Operation } from '../operations/types.js';
import { assertReportWritable } from '../report/report-check.js';
import type { JobStore } from '../store/types.js';
import { validateEngineSettings } from '../engine/engine-settings.js';
import { materialiseGeneratedManifest } from './generated-manifest.js';
import {
  assertCredentialsFound,
  assertRegionKnown,
  createJobClients,
  type JobClients,
} from './job-clients.js';
import { engineSettingsOf } from './job-settings.js';
import type { JobSpec } from './types.js';

export interface OpenJobOptions {
  /** List a `generate` job's bucket into its manifest now (`run`); `plan` lists as it counts. @default true */
  readonly materialise?: boolean;
  /** Credentials of every client (`JobClientOptions.credentials`), checked before anything else. */
  readonly credentials?: AwsCredentialIdentityProvider;
  /**
   * Fail at once when a side has no credentials (`assertCredentialsFound`). `plan` leaves it off:
   * a local manifest plans without a request, and a prefix row it cannot list shows as a failing
   * task naming the cause. @default true
   */
  readonly checkCredentials?: boolean;
}

/** A job ready to run or plan: its spec, validated operation and settings, clients and store. */
export interface OpenedJob {
  /** The spec as it runs (a generated manifest replaced by the file it was listed into). */
  readonly spec: JobSpec;
  readonly operation: Operation;
  readonly settings: EngineSettings;
  readonly clients: JobClients;
  readonly store: JobStore;
  /** The store already held this job: it is resumed, committed work is not redone. */
  readonly resumed: boolean;
  /** What `--generate` listed, when it listed now (`manifestETag` when written to S3). */
  readonly generated?: {
    readonly manifestLocation: string;
    readonly rows: number;
    readonly manifestETag?: string;
  };
  /**
   * The manifest a batch of entries at a time (`openManifestBatches`), opened afresh on each call
   * (read once to prepare and once to run).
   */
  manifestBatches(
    options?: Pick<ReadManifestOptions, 'onRequest'>,
  ): AsyncIterable<Iterable<ManifestEntry>>;
  /** Close every client. */
  close(): void;
}

/**
 * The one composition of a job, for every executor and edge: validate the operation and the
 * engine settings, build the clients (checking a region and credentials exist), check the report location
 * before any task runs, and list a `generate` job's bucket into its manifest. Nothing is written
 * to the store here.
 */
export async function openJob(
  spec: JobSpec,
  storeOf: JobStore | ((clients: JobClients) => JobStore),
  options: OpenJobOptions = {},
): Promise<OpenedJob> {
  const operation = parseOperation(spec.operation);
  const settings = engineSettingsOf(spec);
  validateEngineSettings(settings);
  // A role that cannot be assumed fails here, once, not as every task's AccessDenied.
  await options.credentials?.();
  const clients = await createJobClients(spec.aws, {
    concurrency: settings.concurrency,
    operation: operation.name,
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  try {
    // An S3 store (AWS Batch checkpoints) is reached with the job's control client.
    const store = typeof storeOf === 'function' ? storeOf(clients) : storeOf;
    await assertRegionKnown(clients);
    if (options.checkCredentials ?? true) await assertCredentialsFound(clients);
    const resumed = (await store.readSpec()) !== undefined;
    if (spec.report) {
      await assertReportWritable(
        spec.report,
        clients.control.destination,
        spec.aws.expectedBucketOwner,
      );
    }
    let running = spec;
    let generated: OpenedJob['generated'];
    if (!resumed && spec.manifest.format === 'generate' && (options.materialise ?? true)) {
      const listed = await materialiseGeneratedManifest(spec, store.location, clients);
      running = listed.spec;
      generated = {
        manifestLocation: listed.manifestLocation,
        rows: listed.rows,
        ...(listed.manifestETag ? { manifestETag: listed.manifestETag } : {}),
      };
    }
    const owner = running.aws.expectedSourceBucketOwner;
    const read = {
      s3: clients.control.source,
      ...(owner ? { expectedBucketOwner: owner } : {}),
    };
    const manifest = running.manifest;
    return {
      spec: running,
      operation,
      settings,
      clients,
      store,
      resumed,
      ...(generated ? { generated } : {}),
      manifestBatches: (options) => openManifestBatches(manifest, { ...read, ...options }),
      close: () => clients.destroy(),
    };
  } catch (error) {
    clients.destroy();
    throw error;
  }
}
