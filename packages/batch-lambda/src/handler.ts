// Composition root of the Lambda: environment -> spec, and the job's clients from core, once per
// container (a warm function reuses their keep-alive pools).
import { Logger } from '@aws-lambda-powertools/logger';
import { createJobClients } from '@s3bulk/core';
import { createHandler } from './create-handler.js';
import { specFromEnv } from './spec-from-env.js';

/**
 * Sockets per side: one task per invocation, but a streamed multipart copy keeps 4 parts in
 * flight, plus its source GETs.
 */
const SOCKETS = 16;

const spec = specFromEnv(process.env);
const clients = await createJobClients(spec.aws, { concurrency: SOCKETS });

export const handler = createHandler({
  clients,
  spec,
  logger: new Logger({ serviceName: 's3bulk-batch-lambda' }),
});
