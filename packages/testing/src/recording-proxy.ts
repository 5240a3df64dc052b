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
  /** Requests held by `pause()` right now. */
  readonly held: number;
  /**
   * Hold every request from now on (recorded, not forwarded) until `resume()`; with `only`, just
   * the requests it picks (the others go through).
   */
  pause(only?: (request: RecordedRequest) => boolean): void;
  /**
   * Forward every request from now on, but hold its answer until `resume()`: S3 has done the
   * work, the client does not know it yet (what a crash with requests in flight leaves).
   */
  holdAnswers(): void;
  /** Answers held by `holdAnswers()` right now, with the request each answers. */
  readonly heldAnswers: readonly RecordedRequest[];
  /** Forward the held requests and answers, and every later one at once. */
  resume(): void;
  stop(): Promise<void>;
}

/**
 * A loopback HTTP proxy that forwards every request to `target` and records it, so a test can
 * check headers the emulator does not enforce (ExpectedBucketOwner, for one).
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const to = new URL(target);
  const requests: RecordedRequest[] = [];
  let held: Array<() => void> | undefined;
  let holdOnly: ((request: RecordedRequest) => boolean) | undefined;
  let answers: Array<{ request: RecordedRequest; send: () => void }> | undefined;
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    const bucket = decodeURIComponent(path.split('?')[0]?.split('/')[1] ?? '');
    const recorded = { method: req.method ?? '', path, headers: req.headers, bucket };
    requests.push(recorded);
    const forward = () => {
      const upstream = request(
        { host: to.hostname, port: to.port, method: req.method, path, headers: req.headers },
        (answer) => {
          const send = () => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          };
          if (answers) answers.push({ request: recorded, send });
          else send();
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    };
    // A held request's body waits unread in its socket: forwarding it later loses nothing.
    if (held && (!holdOnly || holdOnly(recorded))) held.push(forward);
    else forward();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get held() {
      return held?.length ?? 0;
    },
    get heldAnswers() {
      return (answers ?? []).map((a) => a.request);
    },
    pause: (only) => {
      held ??= [];
      holdOnly = only;
    },
    holdAnswers: () => {
      answers ??= [];
    },
    resume: () => {
      const waiting = held ?? [];
      const answered = answers ?? [];
      held = undefined;
      holdOnly = undefined;
      answers = undefined;
      for (const forward of waiting) forward();
      for (const { send } of answered) send();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
