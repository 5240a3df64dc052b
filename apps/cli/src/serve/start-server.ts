import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { AwsSettings, JobSpec } from '@s3bulk/core';
import { ConsoleSite } from './console-site.js';
import { ControlApi } from './control-api.js';
import { createHttpServer } from './http-server.js';
import { JobRegistry } from './job-registry.js';
import { coreJobRuntime } from './job-runtime.js';
import { JobScheduler } from './job-scheduler.js';
import type { AccessKeys } from './sigv4-verify.js';
import type { JobRuntime } from './types.js';

export interface ServeOptions {
  /** @default '127.0.0.1' */
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly dataDir: string;
  readonly maxActiveJobs: number;
  readonly keys: AccessKeys;
  readonly aws: AwsSettings;
  /** The region in job ARNs. */
  readonly region: string;
  readonly engine?: JobSpec['engine'];
  /** Run each job as its `RoleArn`, assumed through STS (`aws.endpoints.sts`). @default false */
  readonly assumeRole?: boolean;
  readonly log: (line: string) => void;
  /** @default the core runtime */
  readonly runtime?: JobRuntime;
}

export interface RunningServer {
  readonly endpoint: string;
  /** The console's address (with `?token=` when the server binds beyond loopback). */
  readonly consoleUrl: string;
  readonly jobs: number;
  /** Stop accepting requests and stop running jobs gracefully (they resume on the next start). */
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** Load the registry, resume its jobs, and listen. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const registry = new JobRegistry(options.dataDir);
  await registry.load();
  const scheduler = new JobScheduler(registry, options.runtime ?? coreJobRuntime, {
    maxActiveJobs: options.maxActiveJobs,
    aws: options.aws,
    ...(options.engine ? { engine: options.engine } : {}),
    ...(options.assumeRole ? { assumeRole: true } : {}),
    log: options.log,
  });
  // Beyond loopback, anyone who can reach the port could read job names and buckets.
  const token = LOOPBACK.test(options.host) ? undefined : randomBytes(24).toString('hex');
  const server = createHttpServer({
    api: new ControlApi(registry, scheduler, options.region),
    console: new ConsoleSite(registry, options.region, token),
    keys: options.keys,
    log: options.log,
  });
  server.listen(options.port, options.host);
  await once(server, 'listening');
  scheduler.recover();
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const endpoint = `http://${host}:${port}`;
  return {
    endpoint,
    consoleUrl: token ? `${endpoint}/?token=${token}` : `${endpoint}/`,
    jobs: registry.all().length,
    async close() {
      server.close();
      server.closeAllConnections();
      await scheduler.stop();
    },
  };
}
