import { Command, Flags, type Interfaces } from '@oclif/core';
import { armCrashPointFrom, ENV, type AwsSettings } from '@s3bulk/core';
import { cliErrorJson, cliFailureOf, type FailedJob } from './cli-failure.js';
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

  /** Set by a command once its job folder exists, so a failure names the job and its resume. */
  protected failedJob: FailedJob | undefined;

  /**
   * Every failure, one way: a message that says what and where, the documented exit code, and
   * with `--json` exactly one `{"error": {code, message, jobId?}}` object on stdout.
   */
  protected override async catch(error: Error & { code?: unknown }): Promise<unknown> {
    // `this.exit()` and oclif's own exits carry their code already.
    if (error.code === 'EEXIT') throw error;
    if (process.env.DEBUG) this.logToStderr(String(error.stack ?? error));
    const failure = cliFailureOf(error, this.failedJob);
    if (this.jsonEnabled()) {
      this.logJson(cliErrorJson(failure));
      return this.exit(failure.exit);
    }
    return this.error(failure.message, {
      exit: failure.exit,
      code: failure.code,
      suggestions: [...failure.suggestions],
    });
  }
}
