import type { SideConfig } from './side-config.js';

/** Where a bucket's requests go on a custom endpoint, and the region that signs them. */
export interface PathStyleEndpoint {
  readonly url: URL;
  readonly signingRegion: string;
}

/** A region that is one DNS label, as the endpoint rules require of a custom endpoint's region. */
const HOST_LABEL = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

/**
 * The endpoint of `bucket` on a side's custom endpoint (`--endpoint-url`, which s3bulk always
 * addresses path-style) as the SDK's S3 endpoint rules resolve it: the endpoint's path, a `/`, the
 * URI-encoded bucket, signed with SigV4 for `s3` in the side's region. This spares loading the
 * SDK's client for a job that sends only lean requests.
 *
 * `undefined` for whatever the rules treat otherwise: no custom endpoint (AWS: virtual hosts,
 * partitions), ARNs and S3 Express buckets, dual-stack or FIPS settings (a FIPS pseudo-region turns
 * FIPS on), `aws-global`, an endpoint with a query or credentials. The caller then asks the SDK's rules;
 * `custom-endpoint.test.ts` holds the two to the same answer.
 */
export async function pathStyleEndpoint(
  config: SideConfig,
  bucket: string,
): Promise<PathStyleEndpoint | undefined> {
  if (config.endpointUrl === undefined) return undefined;
  if (!plainBucket(bucket)) return undefined;
  let endpoint: URL;
  try {
    endpoint = new URL(config.endpointUrl);
  } catch {
    return undefined;
  }
  const plainUrl =
    (endpoint.protocol === 'http:' || endpoint.protocol === 'https:') &&
    endpoint.search === '' &&
    endpoint.hash === '' &&
    endpoint.username === '' &&
    endpoint.password === '';
  if (!plainUrl) return undefined;
  const [region, dualstack, fips] = await Promise.all([
    config.region(),
    config.useDualstackEndpoint(),
    config.useFipsEndpoint(),
  ]);
  if (dualstack || fips || !plainRegion(region)) return undefined;
  const path = endpoint.pathname.endsWith('/') ? endpoint.pathname : `${endpoint.pathname}/`;
  const url = new URL(`${endpoint.protocol}//${endpoint.host}${path}${uriEncode(bucket)}`);
  return { url, signingRegion: region };
}

/** A bucket name, not an access point or Outposts ARN, nor an S3 Express directory bucket. */
function plainBucket(bucket: string): boolean {
  return (
    bucket.length > 0 &&
    !bucket.includes(':') &&
    !bucket.includes('/') &&
    !bucket.endsWith('--x-s3') &&
    !bucket.endsWith('--xa-s3')
  );
}

function plainRegion(region: string): boolean {
  return HOST_LABEL.test(region) && region !== 'aws-global';
}

/** The rules' `uriEncode`: RFC 3986, so `!'()*` are escaped too. */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
