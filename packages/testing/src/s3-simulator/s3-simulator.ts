import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAdmin } from './admin-endpoint.js';
import { FaultInjector, type FaultDecision } from './fault-injector.js';
import { resolveOperation, handleOperation } from './operations.js';
import { readBody, writeBody } from './request-body.js';
import { emptyStats, S3Error, SimulatorState, type S3Response } from './simulator-state.js';
import {
  DEFAULT_FAULTS,
  type RunningSimulator,
  type SimulatorFaults,
  type SimulatorOptions,
} from './types.js';
import { errorDocument } from './xml.js';

const INJECTED: Partial<Record<FaultDecision, S3Error>> = {
  slowDown: new S3Error(503, 'SlowDown', 'Please reduce your request rate.'),
  error503: new S3Error(503, 'SlowDown', 'Please reduce your request rate.'),
  error500: new S3Error(
    500,
    'InternalError',
    'We encountered an internal error. Please try again.',
  ),
};

/**
 * Starts the in-memory S3 simulator on 127.0.0.1 (path-style, or `bucket.localhost` virtual
 * hosts). Signatures are not checked. Admin endpoints live under `/_sim/` (see admin-endpoint.ts).
 */
export async function startS3Simulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const { port = 0, seed = 1, buckets = [], ...knobs } = options;
  let faults: SimulatorFaults = { ...DEFAULT_FAULTS, ...knobs };
  const state = new SimulatorState();
  const injector = new FaultInjector(seed, () => faults);
  let requestCounter = 0;
  for (const name of buckets) state.createBucket(name);

  const setFaults = (change: Partial<SimulatorFaults>) => {
    faults = { ...faults, ...change };
    return faults;
  };
  const resetStats = () => {
    state.stats = emptyStats();
    injector.resetRateLimits();
  };

  const server = createServer((request, response) => {
    requestCounter += 1;
    const requestId = `SIM${requestCounter.toString(16).padStart(12, '0')}`;
    const url = splitUrl(request.url ?? '/');
    if (url.pathname.startsWith('/_sim/')) {
      void handleAdmin(url, request, response, {
        state,
        setFaults,
        faults: () => faults,
        resetStats,
      });
      return;
    }
    void serveS3(request, response, url, requestId);
  });

  async function serveS3(
    request: IncomingMessage,
    response: ServerResponse,
    url: RequestTarget,
    requestId: string,
  ) {
    const arrived = performance.now();
    const { bucket, key } = bucketAndKey(url, String(request.headers.host ?? ''));
    const method = request.method ?? 'GET';
    const copySource = request.headers['x-amz-copy-source'] !== undefined;
    const operation = resolveOperation(method, bucket, key, url.searchParams, copySource);
    const stats = state.stats;
    stats.requests += 1;
    stats.operations[operation] = (stats.operations[operation] ?? 0) + 1;

    let answer: S3Response;
    const decision = injector.decide(operation, bucket, key);
    if (decision === 'reset') {
      stats.faults.resets += 1;
      request.socket.destroy();
      return;
    }
    if (decision === 'stall') {
      stats.faults.stalls += 1;
      return; // never answered; stop() or the client's timeout ends it
    }
    const injected = INJECTED[decision];
    try {
      if (injected) {
        stats.faults[decision as 'slowDown' | 'error500' | 'error503'] += 1;
        throw injected;
      }
      const body =
        method === 'PUT' || method === 'POST'
          ? await readBody(request, () => faults.bandwidthBytesPerSecond)
          : Buffer.alloc(0);
      answer = handleOperation(state, {
        operation,
        method,
        bucket,
        key,
        query: url.searchParams,
        headers: request.headers,
        body,
        requestId,
      });
    } catch (error) {
      answer = errorAnswer(error, `/${bucket}${key ? `/${key}` : ''}`, requestId);
    }
    const wait = faults.latencyMs - (performance.now() - arrived);
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    if (response.destroyed) return;
    await send(response, method, answer, requestId);
  }

  async function send(
    response: ServerResponse,
    method: string,
    answer: S3Response,
    requestId: string,
  ) {
    const headers: Record<string, string | number> = {
      'x-amz-request-id': requestId,
      'x-amz-id-2': requestId,
      server: 'AmazonS3',
      ...answer.headers,
    };
    const xml = typeof answer.body === 'string' || Buffer.isBuffer(answer.body);
    if (xml) {
      headers['content-type'] = 'application/xml';
      headers['content-length'] = Buffer.byteLength(answer.body as string | Buffer);
    } else if (answer.body === undefined && headers['content-length'] === undefined) {
      headers['content-length'] = 0;
    }
    response.writeHead(answer.status, headers);
    if (method === 'HEAD' || answer.body === undefined) response.end();
    else if (xml) response.end(answer.body);
    else await writeBody(response, answer.body as Buffer[], faults.bandwidthBytesPerSecond);
  }

  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  server.on('connection', () => {
    state.stats.connections += 1;
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;

  return {
    endpoint: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    stats: () => structuredClone(state.stats),
    resetStats,
    faults: () => ({ ...faults }),
    setFaults,
    createBucket: (name) => void state.createBucket(name),
    seed: (spec) => state.seed(spec),
    clear: (bucket, prefix) => state.clear(bucket, prefix),
    objectBody: (bucket, key) => {
      const object = state.buckets.get(bucket)?.objects.get(key);
      return object ? Buffer.concat(object.chunks) : undefined;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface RequestTarget {
  /** Raw (still percent-encoded) path: WHATWG URL parsing would collapse `..` in keys. */
  pathname: string;
  searchParams: URLSearchParams;
}

function splitUrl(raw: string): RequestTarget {
  const mark = raw.indexOf('?');
  return mark < 0
    ? { pathname: raw, searchParams: new URLSearchParams() }
    : { pathname: raw.slice(0, mark), searchParams: new URLSearchParams(raw.slice(mark + 1)) };
}

/** Path style `/bucket/key`, or virtual host `bucket.localhost[:port]/key`. */
function bucketAndKey(url: RequestTarget, host: string): { bucket: string; key: string } {
  const hostname = host.replace(/:\d+$/, '');
  const path = url.pathname;
  if (hostname.endsWith('.localhost')) {
    return {
      bucket: hostname.slice(0, -'.localhost'.length),
      key: decodeURIComponent(path.slice(1)),
    };
  }
  const slash = path.indexOf('/', 1);
  if (slash < 0) return { bucket: decodeURIComponent(path.slice(1)), key: '' };
  return {
    bucket: decodeURIComponent(path.slice(1, slash)),
    key: decodeURIComponent(path.slice(slash + 1)),
  };
}

function errorAnswer(error: unknown, resource: string, requestId: string): S3Response {
  const s3 =
    error instanceof S3Error
      ? error
      : new S3Error(500, 'InternalError', String((error as Error)?.message ?? error));
  if (s3.status === 304) return { status: 304 };
  return { status: s3.status, body: errorDocument(s3.code, s3.message, resource, requestId) };
}
