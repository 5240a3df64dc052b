import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { loadedSdk, loadSdk } from '../config/load-sdk.js';
import type { SocketPool } from './socket-pool.js';

/** Where a side keeps the clock offset that both of its paths sign with (`SideConfig`). */
export interface SideClock {
  systemClockOffset: number;
}

/**
 * An S3 client whose SDK is loaded and built on first use. Loading `@aws-sdk/client-s3` costs
 * about 100 ms of a CLI start (docs/benchmarks.md, "Start-up"), and a copy job that goes through
 * the lean path (`lean-copy.ts`) never sends an SDK request: it should not pay for one.
 *
 * The object is typed and behaves as an `S3Client` once the SDK is loaded: every code path that
 * builds a command has loaded it through `loadSdk('s3')` to get the command class, so it meets a
 * loaded client. `send` loads the SDK itself, for callers that hold a command already; `destroy`
 * before any use closes the side's socket pool; any other member read before the SDK is loaded
 * is a programming error and says so.
 *
 * The client signs with the side's `clock` and corrects it in place: a skew learnt by the lean
 * path is used by the SDK's next request, and one the SDK learns by the lean path's.
 */
export function lazyS3Client(
  config: () => S3ClientConfig,
  pool: SocketPool,
  clock: SideClock,
): S3Client {
  let client: S3Client | undefined;
  // Bound once, when the client is built: `send` is read on every SDK request.
  let boundSend: S3Client['send'] | undefined;
  const built = (): S3Client | undefined => {
    if (client) return client;
    const sdk = loadedSdk('s3');
    if (!sdk) return undefined;
    client = shareClock(new sdk.S3Client(config()), clock);
    boundSend = client.send.bind(client);
    return client;
  };
  const loaded = (member: PropertyKey): S3Client => {
    const real = built();
    if (real) return real;
    throw new Error(
      `S3 client member "${String(member)}" read before the S3 SDK was loaded: await loadSdk('s3') first`,
    );
  };
  const send = async (...args: Parameters<S3Client['send']>): Promise<unknown> => {
    await loadSdk('s3');
    return (loaded('send').send as (...a: unknown[]) => Promise<unknown>)(...args);
  };
  const destroy = (): void => {
    const real = client;
    if (real) real.destroy();
    else {
      pool.http.destroy();
      pool.https.destroy();
    }
  };
  return new Proxy({} as S3Client, {
    get(_target, member) {
      if (member === 'destroy') return destroy;
      if (member === 'send') return built() ? boundSend : send;
      const real = loaded(member);
      const value: unknown = Reflect.get(real, member, real);
      // No other method is read per request: bound where it is read.
      return typeof value === 'function' ? (value.bind(real) as unknown) : value;
    },
    set: (_target, member, value) => {
      const real = loaded(member);
      const set = Reflect.set(real, member, value);
      // A `send` put in place (a test double) is the one sent through from now on.
      if (member === 'send') boundSend = real.send.bind(real);
      return set;
    },
    has: (_target, member) => Reflect.has(loaded(member), member),
    // Paginators check `client instanceof S3Client`; they are loaded with the SDK.
    getPrototypeOf: () => {
      const real = built();
      return real ? Reflect.getPrototypeOf(real) : Object.prototype;
    },
  });
}

/**
 * The SDK's signer reads and corrects `config.systemClockOffset` of its client (a copy made when
 * the client was built): that field now stands for the side's clock itself.
 */
function shareClock(client: S3Client, clock: SideClock): S3Client {
  Object.defineProperty(client.config, 'systemClockOffset', {
    configurable: true,
    enumerable: true,
    get: () => clock.systemClockOffset,
    set: (offset: number) => {
      clock.systemClockOffset = offset;
    },
  });
  return client;
}
