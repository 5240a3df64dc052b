import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Per-connection bandwidth bookkeeping: when the connection's link is free again. */
const linkFreeAt = new WeakMap<Socket, number>();

/** Milliseconds to wait so that `bytes` fit under `rate` bytes/s on this connection. */
export function bandwidthDelay(socket: Socket, bytes: number, rate: number): number {
  if (rate <= 0) return 0;
  const now = performance.now();
  const start = Math.max(now, linkFreeAt.get(socket) ?? now);
  const freeAt = start + (bytes / rate) * 1000;
  linkFreeAt.set(socket, freeAt);
  return freeAt - now;
}

/** Reads a request body, pausing the socket as the bandwidth cap requires. */
export async function readBody(request: IncomingMessage, rate: () => number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    request.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const delay = bandwidthDelay(request.socket, chunk.length, rate());
      if (delay > 1) {
        request.pause();
        setTimeout(() => request.resume(), delay);
      }
    });
    request.on('end', resolve);
    request.on('error', reject);
    request.on('aborted', () => reject(new Error('request aborted')));
  });
  const body = Buffer.concat(chunks);
  return isAwsChunked(request) ? decodeAwsChunked(body) : body;
}

/** Writes a chunked object body in slices, each sent when the bandwidth cap allows. */
export async function writeBody(
  response: ServerResponse,
  chunks: Buffer[],
  rate: number,
): Promise<void> {
  const slice = 64 * 1024;
  for (const chunk of chunks) {
    for (let offset = 0; offset < chunk.length; offset += slice) {
      const part = chunk.subarray(offset, offset + slice);
      const delay = bandwidthDelay(response.socket as Socket, part.length, rate);
      if (delay > 1) await new Promise((resolve) => setTimeout(resolve, delay));
      if (response.destroyed) return;
      if (!response.write(part)) await new Promise((resolve) => response.once('drain', resolve));
    }
  }
  response.end();
}

function isAwsChunked(request: IncomingMessage): boolean {
  const sha = String(request.headers['x-amz-content-sha256'] ?? '');
  const encoding = String(request.headers['content-encoding'] ?? '');
  return (
    sha.startsWith('STREAMING-') || encoding.split(',').some((e) => e.trim() === 'aws-chunked')
  );
}

/**
 * Decodes `aws-chunked` bodies (signed `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` and the unsigned
 * trailer variant): `<hex size>[;chunk-signature=..]\r\n<data>\r\n ... 0\r\n<trailers>\r\n`.
 */
export function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < body.length) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const header = body.subarray(offset, lineEnd).toString('latin1');
    const size = parseInt(header.split(';')[0] ?? '', 16);
    if (!Number.isFinite(size)) throw new Error(`bad aws-chunked header: ${header.slice(0, 40)}`);
    if (size === 0) break;
    const start = lineEnd + 2;
    parts.push(body.subarray(start, start + size));
    offset = start + size + 2;
  }
  return Buffer.concat(parts);
}
