import type { S3Client } from '@aws-sdk/client-s3';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { loadedSdk, loadSdk } from '../config/load-sdk.js';
import { lazyS3Client } from './lazy-client.js';
import { LeanCopier } from './lean-copy.js';
import { createSideConfig, type SideConfig } from './side-config.js';
import { createSocketPool, type SocketPool } from './socket-pool.js';

export interface S3ClientOptions {
  readonly region?: string;
  /** A custom endpoint (emulator, S3-compatible store); implies path-style addressing. */
  readonly endpointUrl?: string;
  /** A named profile from the shared config files. @default the SDK's credential chain */
  readonly profile?: string;
  /** Explicit credentials (tests, assumed roles); wins over `profile`. */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Sockets in the keep-alive pool; size it to the tasks in flight. @default 64 */
  readonly maxSockets?: number;
  /** SDK attempts per request. The engine retries tasks itself, so it asks for 1. @default 3 */
  readonly maxAttempts?: number;
  /** Per-request socket timeout in ms. @default 120000 */
  readonly requestTimeoutMs?: number;
}

/**
 * One side of a job (source or destination): its SDK client and the lean CopyObject path
 * (`lean-copy.ts`: same endpoint, credentials and signature, a fraction of the CPU), sharing
 * one socket pool and one credentials provider. The SDK is loaded only when the client is used
 * (`lazy-client.ts`): a job whose requests all take the lean path never loads it.
 */
export interface S3Side {
  readonly client: S3Client;
  readonly copier: LeanCopier;
  readonly config: SideConfig;
  /** Close the side's pool. */
  destroy(): void;
}

/** The HTTP handler every SDK client of s3bulk uses: keep-alive, pooled, bounded. */
export async function createHttpHandler(
  maxSockets = 64,
  requestTimeoutMs = 120_000,
  pool: SocketPool = createSocketPool(maxSockets),
): Promise<NodeHttpHandler> {
  const { NodeHttpHandler } = await loadSdk('http-handler');
  return httpHandler(NodeHttpHandler, pool, requestTimeoutMs);
}

/** `@smithy/node-http-handler` loads `@smithy/core`'s protocols: only SDK clients need it. */
function httpHandler(
  Handler: typeof NodeHttpHandler,
  pool: SocketPool,
  requestTimeoutMs: number,
): NodeHttpHandler {
  return new Handler({
    httpAgent: pool.http,
    httpsAgent: pool.https,
    connectionTimeout: 10_000,
    requestTimeout: requestTimeoutMs,
    // Without this the SDK only warns on a timed-out request, and a hung endpoint stalls a job.
    throwOnRequestTimeout: true,
  });
}

/**
 * Build an S3 client for s3bulk. Checksums are computed only when an API requires them, so any
 * S3-compatible server works; a custom endpoint switches to path-style addressing.
 */
export function createS3Client(options: S3ClientOptions = {}): S3Client {
  return createS3Side(options).client;
}

/** A client and its lean copier over one socket pool; `destroy()` closes both. */
export function createS3Side(options: S3ClientOptions = {}): S3Side {
  const pool = createSocketPool(options.maxSockets);
  const requestTimeoutMs = options.requestTimeoutMs ?? 120_000;
  const config = createSideConfig(options);
  const client = lazyS3Client(
    // Called once the S3 SDK is loaded, and `loadSdk('s3')` loads the handler before it.
    () => ({
      ...(options.region ? { region: options.region } : {}),
      ...(options.endpointUrl ? { endpoint: options.endpointUrl, forcePathStyle: true } : {}),
      credentials: config.credentials,
      maxAttempts: options.maxAttempts ?? 3,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: httpHandler(
        loadedSdk('http-handler')!.NodeHttpHandler,
        pool,
        requestTimeoutMs,
      ),
    }),
    pool,
    config,
  );
  const copier = new LeanCopier(client, config, { pool, requestTimeoutMs });
  return { client, copier, config, destroy: () => client.destroy() };
}
