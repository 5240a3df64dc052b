// The one way s3bulk loads an AWS SDK it does not always need: on first use, once per process.
// Literal specifiers, so bundlers (the worker, the Lambda) still include each SDK, and the CLI's
// bundle splits each into a chunk of its own that a job loads only when it sends an SDK request.

import type * as SmithyEndpoints from '@smithy/core/endpoints';

const loaders = {
  // The S3 client's requests go through s3bulk's handler: loaded first, so it is at hand when a
  // client is built (`s3/lazy-client.ts`).
  s3: () => loadSdk('http-handler').then(() => import('@aws-sdk/client-s3')),
  'http-handler': () => import('@smithy/node-http-handler'),
  // lib-storage imports the S3 client itself: load it through `s3`, so `loadedSdk('s3')` knows.
  'lib-storage': () => loadSdk('s3').then(() => import('@aws-sdk/lib-storage')),
  'credential-provider-node': () => import('@aws-sdk/credential-provider-node'),
  // Annotated: the module's inferred type names files declaration emit cannot reach.
  endpoints: (): Promise<typeof SmithyEndpoints> => import('@smithy/core/endpoints'),
  lambda: () => import('@aws-sdk/client-lambda'),
  dynamodb: () => import('@aws-sdk/client-dynamodb'),
  batch: () => import('@aws-sdk/client-batch'),
  's3-control': () => import('@aws-sdk/client-s3-control'),
  sts: () => import('@aws-sdk/client-sts'),
  'credential-providers': () => import('@aws-sdk/credential-providers'),
} as const;

/** The SDKs loaded on first use. */
export type LazySdk = keyof typeof loaders;

type Loaded<N extends LazySdk> = Awaited<ReturnType<(typeof loaders)[N]>>;

const loading = new Map<LazySdk, Promise<unknown>>();
const loaded = new Map<LazySdk, unknown>();

/** The SDK module `name`, imported on the first call and shared after it. */
export function loadSdk<N extends LazySdk>(name: N): Promise<Loaded<N>> {
  let module = loading.get(name);
  if (!module) {
    module = loaders[name]().then((value) => {
      loaded.set(name, value);
      return value;
    });
    loading.set(name, module);
    // A failed import is tried again by the next caller.
    module.catch(() => loading.delete(name));
  }
  return module as Promise<Loaded<N>>;
}

/** The SDK module `name` when a `loadSdk(name)` has finished, else `undefined`. */
export function loadedSdk<N extends LazySdk>(name: N): Loaded<N> | undefined {
  return loaded.get(name) as Loaded<N> | undefined;
}
