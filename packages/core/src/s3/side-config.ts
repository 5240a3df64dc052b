import {
  loadConfig,
  NODE_REGION_CONFIG_FILE_OPTIONS,
  NODE_REGION_CONFIG_OPTIONS,
  NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS,
  NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS,
  resolveRegionConfig,
} from '@smithy/core/config';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Provider } from '@smithy/types';
import { loadSdk } from '../config/load-sdk.js';
import { environmentCredentials } from './env-credentials.js';

/**
 * What one side's lean path needs to sign and address a request, resolved without the S3 SDK
 * client, the way that client resolves it (`@aws-sdk/client-s3`'s runtime config): region from
 * the option, else `AWS_REGION` and the shared config files; credentials from the option, the
 * profile, else the SDK's default chain. The SDK client, when a job needs one, is given the same
 * credentials provider, so both paths share one resolution (one STS or IMDS call, not two).
 */
export interface SideConfig {
  readonly endpointUrl?: string;
  readonly region: Provider<string>;
  readonly credentials: AwsCredentialIdentityProvider;
  readonly useDualstackEndpoint: Provider<boolean>;
  readonly useFipsEndpoint: Provider<boolean>;
  /** Milliseconds to add to this machine's clock, learnt from a server that refused a request. */
  systemClockOffset: number;
}

export interface SideConfigOptions {
  readonly region?: string;
  readonly endpointUrl?: string;
  readonly profile?: string;
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

/** The config of one side. */
export function createSideConfig(options: SideConfigOptions): SideConfig {
  // The S3 client is never given a profile (only `fromIni` credentials), so its region and
  // endpoint settings come from the default profile: the same here. As in the SDK, a FIPS
  // pseudo-region (`fips-us-east-1`) names the real region and turns FIPS endpoints on.
  const { region, useFipsEndpoint } = resolveRegionConfig({
    region:
      options.region ??
      loadConfig(NODE_REGION_CONFIG_OPTIONS, { ...NODE_REGION_CONFIG_FILE_OPTIONS }),
    useFipsEndpoint: loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, {}),
  });
  const caller = { region };
  return {
    ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
    region,
    credentials: sideCredentials(options, caller),
    useDualstackEndpoint: loadConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, {}),
    useFipsEndpoint,
    systemClockOffset: 0,
  };
}

/**
 * The field of a client's config that credential providers read as their caller's: the region
 * (of STS, for assumed roles). Not the request handler: loading it costs the start-up this file
 * saves, and STS or SSO calls on a handler of their own are the same calls.
 */
type CallerConfig = {
  readonly region: Provider<string>;
};

/**
 * Explicit credentials win, then the profile (`fromIni`), then the SDK's default chain (the
 * provider the S3 client itself would build), each loaded on first use and memoized as the SDK
 * memoizes credentials: refreshed five minutes before they expire.
 */
function sideCredentials(
  options: SideConfigOptions,
  caller: CallerConfig,
): AwsCredentialIdentityProvider {
  const given = options.credentials;
  let inner: AwsCredentialIdentityProvider;
  if (typeof given === 'function') inner = given;
  else if (given) inner = () => Promise.resolve(given);
  else {
    const profile = options.profile;
    let chain: Promise<AwsCredentialIdentityProvider> | undefined;
    const load = (): Promise<AwsCredentialIdentityProvider> =>
      profile
        ? loadSdk('credential-providers').then(({ fromIni }) => fromIni({ profile }))
        : loadSdk('credential-provider-node').then(({ defaultProvider }) =>
            defaultProvider({ parentClientConfig: caller }),
          );
    // The chain's first link, without loading the chain (env-credentials.ts). `null`, not
    // `undefined`, when the environment has no keys: the loader stops at the environment instead
    // of reading the shared config files, which the chain then reads for itself.
    const fromEnvironment = loadConfig<AwsCredentialIdentity | null>({
      environmentVariableSelector: (env) => environmentCredentials(env) ?? null,
      configFileSelector: () => null,
      default: null,
    });
    inner = async (identityProperties) => {
      const keys = profile ? undefined : await fromEnvironment();
      if (keys) return keys;
      // A chain that failed to load is loaded again by the next call.
      chain ??= load().catch((error: unknown) => {
        chain = undefined;
        throw error;
      });
      return (await chain)(identityProperties);
    };
  }
  // The SDK calls a provider with its own config as `callerClientConfig`; the lean path with
  // the side's, which carries the same region.
  const bound: AwsCredentialIdentityProvider = (identityProperties) =>
    inner({ callerClientConfig: caller, ...identityProperties });
  // `memoized` tells the SDK client not to wrap the provider a second time.
  return Object.assign(memoizeCredentials(bound), { memoized: true });
}

/** The SDK's window: credentials that expire within five minutes are refreshed before use. */
const REFRESH_BEFORE_EXPIRY_MS = 300_000;

/**
 * `@smithy/core`'s `memoizeIdentityProvider` with the SDK's expiry rules, here so the start of a
 * job does not load `@smithy/core`'s root (protocols, schemas): one call at a time, the answer
 * kept until it is within five minutes of its expiration, forever when it has none.
 */
export function memoizeCredentials(
  provider: AwsCredentialIdentityProvider,
): AwsCredentialIdentityProvider {
  let resolved: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  const refresh = async (
    properties?: Parameters<AwsCredentialIdentityProvider>[0],
  ): Promise<AwsCredentialIdentity> => {
    pending ??= provider(properties).finally(() => (pending = undefined));
    resolved = await pending;
    return resolved;
  };
  return async (properties) => {
    const forced = (properties as { forceRefresh?: boolean } | undefined)?.forceRefresh === true;
    if (!resolved || forced) return refresh(properties);
    const expiration = resolved.expiration?.getTime();
    if (expiration !== undefined && expiration - Date.now() < REFRESH_BEFORE_EXPIRY_MS) {
      return refresh(properties);
    }
    return resolved;
  };
}
