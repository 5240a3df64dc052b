// Public surface of @s3bulk/batch-lambda. The deployed entry point is `src/handler.ts`
// (bundled to dist/handler.mjs); it is not re-exported so importing this builds no clients.
export { createHandler } from './create-handler.js';
export { splitPair, taskFromEvent } from './event-task.js';
export { missingOperation, OperationSource } from './operation-source.js';
export { failed, outOfTime, succeeded } from './result-mapping.js';
export { specFromEnv, type HandlerSpec } from './spec-from-env.js';
export { OPERATION_ARGUMENT, type HandlerDependencies, type InvocationContext } from './types.js';
