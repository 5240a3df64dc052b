// Composition root of the Lambda: reads the environment and builds clients once per container.
import { Logger } from '@aws-lambda-powertools/logger';
import { createS3Client, ENV } from '@s3bulk/core';
import { createHandler } from './create-handler.js';
import { settingsFromEnv } from './settings-from-env.js';

const env = process.env;
const endpointUrl = env[ENV.awsEndpointUrl];
const s3 = createS3Client({
  ...(env[ENV.awsRegion] ? { region: env[ENV.awsRegion] } : {}),
  ...(endpointUrl ? { endpointUrl } : {}),
  // One task per invocation: a small pool suffices; the SDK retries, then the service does.
  maxSockets: 16,
});

export const handler = createHandler({
  s3: { source: s3, destination: s3 },
  settings: settingsFromEnv(env),
  ...(env[ENV.operation] ? { defaultOperation: env[ENV.operation] } : {}),
  logger: new Logger({ serviceName: 's3bulk-batch-lambda' }),
});
