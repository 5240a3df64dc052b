import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ControlApi } from './control-api.js';
import type { ConsoleSite } from './console-site.js';
import { ServiceError } from './errors.js';
import { verifySigV4, type AccessKeys } from './sigv4-verify.js';
import { errorXml } from './xml-codec.js';

/** CreateJob and PutJobTagging bodies are a few kilobytes; anything past this is refused. */
const MAX_BODY_BYTES = 1024 * 1024;
const JOBS_PATH = /^\/v20180820\/jobs(?:\/(.*))?$/;

export interface HttpServerOptions {
  readonly api: ControlApi;
  readonly console: ConsoleSite;
  readonly keys: AccessKeys;
  readonly log: (line: string) => void;
}

/**
 * One port for both: the signed S3 Control job API under `/v20180820/jobs` and the read-only
 * console elsewhere. Any `Host` is accepted (the SDKs put the account id in front of it), and a
 * request in absolute form is served, not forwarded: pointed at as an HTTP proxy, the server
 * answers the AWS CLI whose account-prefixed host name resolves nowhere.
 */
export function createHttpServer(options: HttpServerOptions): Server {
  return createServer((req, res) => {
    void handle(req, res, options).catch((error: unknown) => {
      options.log(`internal error: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) {
        sendError(res, new ServiceError('InternalServiceException', 500, 'internal error'));
      } else res.destroy();
    });
  });
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: HttpServerOptions,
): Promise<void> {
  // Absolute form (`GET http://123456789012.127.0.0.1:PORT/v20180820/jobs`) when used as a proxy.
  const target = (req.url ?? '/').replace(/^https?:\/\/[^/]*/i, '') || '/';
  const question = target.indexOf('?');
  const path = question < 0 ? target : target.slice(0, question);
  const rawQuery = question < 0 ? '' : target.slice(question + 1);
  const match = JOBS_PATH.exec(path);
  if (!match) {
    await options.console.handle(req, res, path, new URLSearchParams(rawQuery));
    return;
  }
  const method = req.method ?? 'GET';
  try {
    const body = await readBody(req);
    verifySigV4({ method, path, query: rawQuery, headers: req.headers, body }, options.keys);
    const xml = await options.api.handle({
      method,
      segments: (match[1] ?? '').split('/').filter(Boolean).map(decodeURIComponent),
      query: new URLSearchParams(rawQuery),
      accountId: String(req.headers['x-amz-account-id'] ?? ''),
      body,
    });
    res.writeHead(200, {
      'content-type': 'application/xml',
      'x-amz-request-id': randomUUID(),
      'content-length': Buffer.byteLength(xml),
    });
    res.end(xml);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    if (error.status === 403) options.log(`refused ${method} ${path}: ${error.code}`);
    sendError(res, error);
  }
}

function sendError(res: ServerResponse, error: ServiceError): void {
  const requestId = randomUUID();
  const xml = errorXml(error, requestId);
  res.writeHead(error.status, {
    'content-type': 'application/xml',
    'x-amz-request-id': requestId,
    'content-length': Buffer.byteLength(xml),
  });
  res.end(xml);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new ServiceError('EntityTooLarge', 400, 'the request body is too large');
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
