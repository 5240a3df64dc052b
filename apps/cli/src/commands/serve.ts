import { resolve } from 'node:path';
import { Flags } from '@oclif/core';
import { ConfigError } from '@s3bulk/core';
import { S3BulkCommand } from '../base-command.js';
import { accessKeysOf } from '../serve/sigv4-verify.js';
import { startServer } from '../serve/start-server.js';

export interface ServeResult {
  readonly endpoint: string;
  readonly console: string;
  readonly dataDir: string;
  readonly jobs: number;
  /** Jobs run as their RoleArn (STS) rather than with the server's credentials. */
  readonly assumeRole: boolean;
}

export default class Serve extends S3BulkCommand {
  static override summary =
    'Run the S3 Batch Operations job API (S3 Control CreateJob, DescribeJob, ...) on this machine, for any S3 endpoint.';

  static override description = `Jobs run with s3bulk's engine against --endpoint-url (or AWS), are kept in --data-dir and resume after a restart. Every API request must be SigV4-signed (Authorization header; presigned URLs are refused) with one of the accepted access keys: the server's own AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY and any --access-key. With an STS endpoint (--sts-endpoint-url, AWS_ENDPOINT_URL_STS) or --assume-role, each job runs as its RoleArn and a role STS refuses fails the job; otherwise RoleArn is only recorded. The AWS SDKs and CLI put the account id in front of the endpoint host; the server accepts any Host and also answers as an HTTP proxy, so the AWS CLI works with HTTP_PROXY set to the server (see docs/serve.md). A read-only web console is at / (it needs the printed token when --host is not loopback).`;

  static override examples = [
    {
      description: 'Serve on a free port over a local S3 emulator:',
      command:
        '<%= config.bin %> <%= command.id %> --port 0 --endpoint-url http://127.0.0.1:5000 --data-dir .s3bulk/serve',
    },
    {
      description: 'Create a job with the AWS CLI against it:',
      command:
        'HTTP_PROXY=http://127.0.0.1:8080 aws s3control create-job --endpoint-url http://127.0.0.1:8080 --account-id 123456789012 ...',
    },
    {
      description: "Run each job as its RoleArn, assumed through an emulator's STS:",
      command:
        '<%= config.bin %> <%= command.id %> --endpoint-url http://127.0.0.1:5000 --sts-endpoint-url http://127.0.0.1:5000',
    },
  ];

  static override flags = {
    host: Flags.string({ summary: 'Address to bind.', default: '127.0.0.1' }),
    port: Flags.integer({
      summary: 'Port (0 picks a free one).',
      default: 8080,
      min: 0,
      max: 65535,
    }),
    'data-dir': Flags.string({
      summary: 'Where jobs, their specs and ledgers are kept.',
      default: '.s3bulk/serve',
    }),
    'max-active-jobs': Flags.integer({
      summary: 'Jobs running at once at most; the others wait in Ready, highest Priority first.',
      default: 4,
      min: 1,
    }),
    'access-key': Flags.string({
      summary: 'Also accept requests signed with this ACCESS_KEY_ID:SECRET (repeatable).',
      multiple: true,
    }),
    concurrency: Flags.integer({ summary: 'Tasks in flight per job at most.', min: 1 }),
    'sts-endpoint-url': Flags.string({
      summary: "STS endpoint for assuming each job's RoleArn (default AWS_ENDPOINT_URL_STS).",
      description:
        "When an STS endpoint is set, every job runs as its RoleArn: its S3 (and Lambda) calls are signed with the role's temporary credentials, and a role STS refuses fails the job. Without one, RoleArn is only recorded unless --assume-role asks AWS's STS.",
      env: 'AWS_ENDPOINT_URL_STS',
    }),
    'assume-role': Flags.boolean({
      summary:
        "Run each job as its RoleArn through STS (default: on when --sts-endpoint-url or AWS_ENDPOINT_URL_STS is set; --assume-role alone uses AWS's STS).",
      allowNo: true,
    }),
  };

  async run(): Promise<ServeResult> {
    const { flags } = await this.parse(Serve);
    const own =
      process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY
        ? [`${process.env.AWS_ACCESS_KEY_ID}:${process.env.AWS_SECRET_ACCESS_KEY}`]
        : [];
    const keys = accessKeysOf([...own, ...(flags['access-key'] ?? [])]);
    if (keys.size === 0) {
      throw new ConfigError(
        'no access key to verify requests with: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or pass --access-key ID:SECRET',
      );
    }
    const dataDir = resolve(flags['data-dir']);
    const sts = flags['sts-endpoint-url'];
    // AWS's own STS only when asked: a server pointed at an emulator must not reach AWS.
    const assumeRole = flags['assume-role'] ?? sts !== undefined;
    const aws = this.awsSettings(flags);
    const server = await startServer({
      host: flags.host,
      port: flags.port,
      dataDir,
      maxActiveJobs: flags['max-active-jobs'],
      keys,
      // The jobs' S3 endpoint: --endpoint-url, AWS_ENDPOINT_URL_S3, then AWS_ENDPOINT_URL.
      aws: sts ? { ...aws, endpoints: { ...aws.endpoints, sts } } : aws,
      assumeRole,
      region: flags.region ?? 'us-east-1',
      ...(flags.concurrency ? { engine: { concurrency: flags.concurrency } } : {}),
      log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
    });
    const result: ServeResult = {
      endpoint: server.endpoint,
      console: server.consoleUrl,
      dataDir,
      jobs: server.jobs,
      assumeRole,
    };
    // Printed at once (scripts start the server on port 0 and read the port from this line).
    if (this.jsonEnabled()) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      this.log(`s3bulk serve listening on ${server.endpoint}`);
      this.log(`console: ${server.consoleUrl}`);
      if (!assumeRole)
        this.log('RoleArn is recorded, not assumed: jobs use the server credentials');
    }
    await new Promise<void>((done) => {
      const stop = () => done();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    return result;
  }
}
