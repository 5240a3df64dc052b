import { Command, Flags, type Interfaces } from '@oclif/core';
import {
  armCrashPointFrom,
  ConfigError,
  ENV,
  JobError,
  ManifestError,
  OperationSpecError,
  S3BulkError,
  type AwsSettings,
} from '@s3bulk/core';
import { EXIT } from './exit-codes.js';
import { s3EndpointFrom } from './job/job-spec.js';

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof S3BulkCommand)['baseFlags'] & T['flags']
>;

/**
 * What every s3bulk command shares: AWS connection flags, `--json`, and one mapping from
 * core's errors to messages and exit codes.
 */
export abstract class S3BulkCommand extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    'endpoint-url': Flags.string({
      summary:
        'S3 endpoint (implies path-style addressing). Default: AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL.',
      helpGroup: 'AWS',
    }),
    region: Flags.string({ summary: 'AWS region.', env: 'AWS_REGION', helpGroup: 'AWS' }),
  };

  override async init(): Promise<void> {
    await super.init();
    // Test only: the crash-point sweep kills the CLI at a named persistence step.
    armCrashPointFrom(process.env[ENV.testCrashAt]);
  }

  /** AWS settings from the shared flags; commands add per-side settings on top. */
  protected awsSettings(flags: {
    'endpoint-url'?: string | undefined;
    region?: string | undefined;
  }): AwsSettings {
    const endpointUrl = s3EndpointFrom(flags);
    return {
      ...(flags.region ? { region: flags.region } : {}),
      ...(endpointUrl ? { endpointUrl } : {}),
    };
  }

  /** Map core errors to a message that says what and where, and the documented exit code. */
  protected override async catch(
    error: Error & { exitCode?: number; oclif?: { exit?: number } },
  ): Promise<unknown> {
    if (error instanceof ManifestError) {
      return this.error(error.describe(), {
        exit: EXIT.usage,
        code: error.code,
        suggestions: ['Fix the row and run again; `s3bulk manifest validate` lists every bad row.'],
      });
    }
    if (error instanceof OperationSpecError) {
      return this.error(`operation: ${error.field}: ${error.message}`, {
        exit: EXIT.usage,
        code: error.code,
      });
    }
    if (error instanceof ConfigError || error instanceof JobError) {
      return this.error(error.message, { exit: EXIT.usage, code: error.code });
    }
    if (error instanceof S3BulkError) {
      return this.error(error.message, { exit: EXIT.internal, code: error.code });
    }
    return super.catch(error);
  }
}
