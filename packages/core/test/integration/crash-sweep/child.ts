// The process the crash-point sweep kills: arms the crash point named by the test-only switch
// (as the CLI does), runs one sweep job (config as JSON on stdin) and prints its outcome.
import { ENV } from '../../../src/config/env.js';
import { createS3Client, type S3ClientOptions } from '../../../src/s3/client.js';
import { armCrashPointFrom } from '../../../src/store/crash-points.js';
import { runSweepJob, type SweepJobConfig } from './sweep-job.js';

armCrashPointFrom(process.env[ENV.testCrashAt]);
let input = '';
for await (const chunk of process.stdin) input += String(chunk);
const { job, s3 } = JSON.parse(input) as { job: SweepJobConfig; s3: S3ClientOptions };
const client = createS3Client(s3);
process.stdout.write('started\n');
const outcome = await runSweepJob(job, client);
client.destroy();
process.stdout.write(`${JSON.stringify(outcome)}\n`);
