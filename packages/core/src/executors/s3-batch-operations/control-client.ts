import type { S3ControlClient } from '@aws-sdk/client-s3-control';
import { loadSdk } from '../../config/load-sdk.js';

export interface S3ControlClientOptions {
  readonly region?: string;
  /**
   * A custom S3 Control endpoint (`s3bulk serve`, an emulator). The SDK also reads
   * `AWS_ENDPOINT_URL_S3_CONTROL` and `AWS_ENDPOINT_URL` itself.
   */
  readonly endpointUrl?: string;
}

/**
 * An S3 Control client. On AWS every request goes to `<account-id>.s3-control.<region>...`; on a
 * custom endpoint the SDK's rules would prepend the account id to its host as well, which is no
 * host at all for an IP (`123456789012.127.0.0.1`) and not the server's name for any other. There
 * the endpoint is used as given: the account travels in the `x-amz-account-id` header anyway.
 */
export async function createS3ControlClient(
  options: S3ControlClientOptions = {},
): Promise<S3ControlClient> {
  const { S3ControlClient } = await loadSdk('s3-control');
  const client = new S3ControlClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
  });
  const rules = client.config.endpointProvider;
  client.config.endpointProvider = (params, context) =>
    params.Endpoint ? { url: new URL(params.Endpoint) } : rules(params, context);
  return client;
}
