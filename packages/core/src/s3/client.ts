import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { S3Client } from '@aws-sdk/client-s3';
import { fromIni } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { LeanCopier } from './lean-copy.js';

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
  /**
   * Send plain CopyObject requests through s3bulk's lean path (`lean-copy.ts`) instead of the
   * SDK's middleware stack: same endpoint, credentials and signature, a fraction of the CPU.
   * @default true
   */
  readonly leanCopy?: boolean;
}

const leanCopiers = new WeakMap<S3Client, LeanCopier>();

/** The lean CopyObject path of a client made by {@link createS3Client}, if it has one. */
export function leanCopierOf(client: S3Client): LeanCopier | undefined {
  return leanCopiers.get(client);
}

/** The HTTP handler every client of s3bulk uses: keep-alive, pooled, bounded. */
export function createHttpHandler(maxSockets = 64, requestTimeoutMs = 120_000): NodeHttpHandler {
  const agentOptions = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets };
  return new NodeHttpHandler({
    httpAgent: new HttpAgent(agentOptions),
    httpsAgent: new HttpsAgent(agentOptions),
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
  const credentials =
    options.credentials ?? (options.profile ? fromIni({ profile: options.profile }) : undefined);
  const client = new S3Client({
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl, forcePathStyle: true } : {}),
    ...(credentials ? { credentials } : {}),
    maxAttempts: options.maxAttempts ?? 3,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: createHttpHandler(options.maxSockets, options.requestTimeoutMs),
  });
  if (options.leanCopy ?? true) {
    const copier = new LeanCopier(client, {
      maxSockets: options.maxSockets ?? 64,
      requestTimeoutMs: options.requestTimeoutMs ?? 120_000,
    });
    leanCopiers.set(client, copier);
    // client.destroy() closes the SDK's pool; close the lean one with it.
    const destroy = client.destroy.bind(client);
    client.destroy = () => {
      copier.destroy();
      destroy();
    };
  }
  return client;
}
