import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request that went through the proxy. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query, as sent (path-style: `/<bucket>/<key>`). */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The bucket of a path-style request ('' for the service itself). */
  readonly bucket: string;
}

export interface RecordingProxy {
  /** `http://127.0.0.1:<port>`: give it to a client as its endpoint. */
  readonly url: string;
  /** Every request seen so far, in arrival order. */
  readonly requests: RecordedRequest[];
  stop(): Promise<void>;
}

/**
 * A loopback HTTP proxy that forwards every request to `target` and records it, so a test can
 * check headers the emulator does not enforce (ExpectedBucketOwner, for one).
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const to = new URL(target);
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    const bucket = decodeURIComponent(path.split('?')[0]?.split('/')[1] ?? '');
    requests.push({ method: req.method ?? '', path, headers: req.headers, bucket });
    const upstream = request(
      { host: to.hostname, port: to.port, method: req.method, path, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
