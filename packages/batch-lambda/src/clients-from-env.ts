import type { S3Client } from '@aws-sdk/client-s3';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { createS3Client, ENV, type S3ClientOptions } from '@s3bulk/core';

/** The S3 clients of the handler, and whether a server-side copy can reach from one to the other. */
export interface HandlerClients {
  readonly source: S3Client;
  readonly destination: S3Client;
  readonly crossEndpoint: boolean;
}

/** Session name of the destination role, as CloudTrail in the destination account shows it. */
export const DESTINATION_ROLE_SESSION = 's3bulk-batch-lambda';

// One task per invocation: a small pool suffices; the SDK retries, then the service does.
const MAX_SOCKETS = 16;

/**
 * Source and destination clients from the function's environment. The source side (the objects
 * the job names) uses the function's own role, region and endpoint. A destination endpoint or
 * role makes a second client; then no CopyObject can reach across, and copies stream GET into
 * PUT. A destination region alone only makes a second client: S3 copies across regions itself.
 */
export function clientsFromEnv(env: Readonly<Record<string, string | undefined>>): HandlerClients {
  const region = env[ENV.awsRegion] || undefined;
  const endpointUrl = env[ENV.awsEndpointUrl] || undefined;
  const source = createS3Client({
    ...(region ? { region } : {}),
    ...(endpointUrl ? { endpointUrl } : {}),
    maxSockets: MAX_SOCKETS,
  });

  const destinationEndpointUrl = env[ENV.destinationEndpointUrl] || undefined;
  const destinationRegion = env[ENV.destinationRegion] || undefined;
  const roleArn = env[ENV.destinationRoleArn] || undefined;
  if (!destinationEndpointUrl && !destinationRegion && !roleArn) {
    return { source, destination: source, crossEndpoint: false };
  }
  const options: S3ClientOptions = {
    ...((destinationRegion ?? region) ? { region: destinationRegion ?? region } : {}),
    ...((destinationEndpointUrl ?? endpointUrl)
      ? { endpointUrl: destinationEndpointUrl ?? endpointUrl }
      : {}),
    maxSockets: MAX_SOCKETS,
    ...(roleArn
      ? {
          credentials: fromTemporaryCredentials({
            params: { RoleArn: roleArn, RoleSessionName: DESTINATION_ROLE_SESSION },
            // STS in the function's own region (and endpoint, as AWS_ENDPOINT_URL means for every service).
            clientConfig: {
              ...(region ? { region } : {}),
              ...(endpointUrl ? { endpoint: endpointUrl } : {}),
            },
          }),
        }
      : {}),
  };
  return {
    source,
    destination: createS3Client(options),
    crossEndpoint: Boolean(roleArn) || (destinationEndpointUrl ?? endpointUrl) !== endpointUrl,
  };
}
