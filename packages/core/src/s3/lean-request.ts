import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import { watchIdle, type IdleWatch } from './idle-watch.js';
import type { SocketPool } from './socket-pool.js';

/**
 * One signed request of the lean path (`lean-copy.ts`) over a side's keep-alive pool, and its
 * answer: status, body and the three headers s3bulk reads. Thousands of these run a second, so
 * each costs as little as Node's HTTP client allows (see docs/benchmarks.md, "CPU per object").
 */

/** Answers are a few hundred bytes; anything longer is cut before it is parsed. */
const MAX_ANSWER_BYTES = 64 * 1024;

export interface LeanRequest {
  readonly method: 'GET' | 'PUT';
  readonly url: URL;
  /** Path and query, as signed. */
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly signal?: AbortSignal | undefined;
  /**
   * Keep the whole body (a listing page) as `pieces`; else it is cut at 64 KiB into `body`.
   * @default false
   */
  readonly whole?: boolean;
}

export interface LeanRequestOptions {
  readonly pool: SocketPool;
  readonly requestTimeoutMs: number;
  /** @default 10000 */
  readonly connectionTimeoutMs?: number;
}

export interface Answer {
  readonly status: number;
  /** The body, cut at 64 KiB; empty for a `whole` request (see `pieces`). */
  readonly body: string;
  /**
   * A `whole` request's body, decoded as it arrived: one string per socket read (64 KiB at most),
   * no UTF-8 sequence split. A 200 KB listing page joined into one string (or one Buffer) lands in
   * V8's large-object space: each page then cost about 1 ms, mostly page faults, where its pieces
   * cost 25 µs (docs/benchmarks.md, "Listing CPU").
   */
  readonly pieces?: readonly string[];
  readonly requestId?: string;
  readonly versionId?: string;
  readonly date?: string;
}

/**
 * Requests in flight per signal, and one 'abort' listener per signal. Node's `signal` option of
 * `http.request` adds a listener to the signal and a stream-end watcher to every request, and an
 * AbortSignal's listener list is walked on every add and remove: with one job-wide signal and 64
 * requests in flight that was about 4% of a copy's CPU.
 */
const inFlight = new WeakMap<AbortSignal, Set<ClientRequest>>();

function track(signal: AbortSignal, req: ClientRequest): void {
  let requests = inFlight.get(signal);
  if (!requests) {
    const set = new Set<ClientRequest>();
    requests = set;
    inFlight.set(signal, set);
    signal.addEventListener(
      'abort',
      () => {
        for (const pending of set) pending.destroy(abortError(signal));
        set.clear();
      },
      { once: true },
    );
  }
  requests.add(req);
}

/** Send one request; resolves with the answer whatever its status, rejects on a network error. */
export function sendLeanRequest(
  request: LeanRequest,
  options: LeanRequestOptions,
): Promise<Answer> {
  const { method, url, path, headers, signal, whole = false } = request;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  const https = url.protocol === 'https:';
  const send = https ? httpsRequest : httpRequest;
  const { requestTimeoutMs, connectionTimeoutMs = 10_000 } = options;
  // A flat list, `host` in it as signed: Node writes the headers as given (still validated)
  // instead of a setHeader per header, and names the agent's server from `hostname` instead of
  // the host header: about a tenth of `http.request`'s own CPU (docs/benchmarks.md, "facts").
  const list: string[] = [];
  for (const name in headers) list.push(name, headers[name]!);
  return new Promise<Answer>((settle, fail) => {
    // Settled once the answer is read or the request failed: it leaves its signal's set then,
    // rather than through a 'close' listener per request.
    const resolve = (answer: Answer) => {
      if (signal) inFlight.get(signal)?.delete(req);
      idle.done();
      settle(answer);
    };
    const reject = (error: unknown) => {
      if (signal) inFlight.get(signal)?.delete(req);
      idle.done();
      fail(error);
    };
    const req = send(
      {
        agent: https ? options.pool.https : options.pool.http,
        hostname: url.hostname,
        port: url.port || undefined,
        method,
        path,
        headers: list,
      },
      (res) => {
        idle.touch();
        readAnswer(res, whole, idle).then(resolve, reject);
      },
    );
    if (signal) track(signal, req);
    // An idle timeout, as `req.setTimeout` would set, without a socket timer per request.
    const idle: IdleWatch = watchIdle(requestTimeoutMs, () =>
      req.destroy(timeoutError(`no answer within ${requestTimeoutMs} ms`)),
    );
    req.once('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(
        () => req.destroy(timeoutError(`no connection within ${connectionTimeoutMs} ms`)),
        connectionTimeoutMs,
      );
      socket.once('connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
    req.once('error', reject);
    req.end();
  });
}

/** The answer, its body cut at {@link MAX_ANSWER_BYTES} unless `whole` (a listing page). */
function readAnswer(res: IncomingMessage, whole: boolean, idle: IdleWatch): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const pieces: string[] = [];
    const decoder = whole ? new StringDecoder('utf8') : undefined;
    let length = 0;
    res.on('data', (chunk: Buffer) => {
      idle.touch();
      if (decoder) {
        const piece = decoder.write(chunk);
        if (piece !== '') pieces.push(piece);
        return;
      }
      if (length >= MAX_ANSWER_BYTES) return;
      chunks.push(chunk);
      length += chunk.length;
    });
    res.once('error', reject);
    res.once('end', () => {
      // The raw list, not `res.headers`: that getter builds an object of every header.
      let requestId: string | undefined;
      let versionId: string | undefined;
      let date: string | undefined;
      const raw = res.rawHeaders;
      for (let i = 0; i < raw.length; i += 2) {
        const name = raw[i]!.toLowerCase();
        if (name === 'x-amz-request-id') requestId ??= raw[i + 1];
        else if (name === 'x-amz-version-id') versionId ??= raw[i + 1];
        else if (name === 'date') date ??= raw[i + 1];
      }
      const end = decoder?.end();
      if (end) pieces.push(end);
      const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
      resolve({
        status: res.statusCode ?? 0,
        body: decoder ? '' : bytes.toString('utf8'),
        ...(decoder ? { pieces } : {}),
        ...(requestId !== undefined ? { requestId } : {}),
        ...(versionId !== undefined ? { versionId } : {}),
        ...(date !== undefined ? { date } : {}),
      });
    });
  });
}

function timeoutError(message: string): Error {
  const error = new Error(message) as Error & { code: string };
  error.name = 'TimeoutError';
  error.code = 'ETIMEDOUT';
  return error;
}

/** The error Node's own `signal` option raises. */
function abortError(signal: AbortSignal): Error {
  const error = new Error('The operation was aborted', { cause: signal.reason }) as Error & {
    code: string;
  };
  error.name = 'AbortError';
  error.code = 'ABORT_ERR';
  return error;
}
