// The one way s3bulk loads an AWS SDK it does not always need: on first use, once per process.
// Literal specifiers, so bundlers (the worker, the Lambda) still include each SDK.

const loaders = {
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

const loaded = new Map<LazySdk, Promise<unknown>>();

/** The SDK module `name`, imported on the first call and shared after it. */
export function loadSdk<N extends LazySdk>(name: N): Promise<Loaded<N>> {
  let module = loaded.get(name);
  if (!module) {
    module = loaders[name]();
    loaded.set(name, module);
  }
  return module as Promise<Loaded<N>>;
}
