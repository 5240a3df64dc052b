// Composition root of the Lambda: reads the environment and builds clients once per container.
import { Logger } from '@aws-lambda-powertools/logger';
import { ENV } from '@s3bulk/core';
import { clientsFromEnv } from './clients-from-env.js';
import { createHandler } from './create-handler.js';
import { settingsFromEnv } from './settings-from-env.js';

const env = process.env;
const { source, destination, crossEndpoint } = clientsFromEnv(env);

export const handler = createHandler({
  s3: { source, destination },
  crossEndpoint,
  settings: settingsFromEnv(env),
  ...(env[ENV.operation] ? { defaultOperation: env[ENV.operation] } : {}),
  logger: new Logger({ serviceName: 's3bulk-batch-lambda' }),
});
