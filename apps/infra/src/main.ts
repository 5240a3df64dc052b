import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CONTEXT_KEYS, DEFAULT_STACK_NAME, stackPropsFromContext } from './config.js';
import { requireWorkerBundle } from './paths.js';
import { S3BulkStack } from './s3bulk-stack.js';

// The composition root of `cdk synth|deploy`: context in, one stack out, cdk-nag over all of it.
requireWorkerBundle();
const app = new App();
const stackName =
  (app.node.tryGetContext(CONTEXT_KEYS.stackName) as string | undefined) ?? DEFAULT_STACK_NAME;
new S3BulkStack(app, stackName, stackPropsFromContext(app.node));
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
