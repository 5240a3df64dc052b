// Runs (or resumes) one engine job against the emulator until it ends or is killed. Spawned by
// engine-crash.test.ts through tsx, its settings as JSON on stdin; it kills itself at the crash
// point the test-only switch names (S3BULK_TEST_CRASH_AT), as the CLI would.
import { ENV } from '../../src/config/env.js';
import { armCrashPointFrom } from '../../src/store/crash-points.js';
import { createS3Client, type S3ClientOptions } from '../../src/s3/client.js';
import { LocalJobStore } from '../../src/store/local-job-store.js';
import { runJob } from '../../src/engine/run-job.js';
import {
  contextFor,
  markerOperation,
  objectManifest,
  testSettings,
  testSpec,
} from './engine-fixtures.js';

/** What the parent sends on stdin (JSON). */
interface CrashChildConfig {
  readonly jobId: string;
  readonly bucket: string;
  readonly tasks: number;
  readonly jobDir: string;
  readonly reportDir: string;
  readonly s3: S3ClientOptions;
}

armCrashPointFrom(process.env[ENV.testCrashAt]);
let input = '';
for await (const chunk of process.stdin) input += String(chunk);
const config = JSON.parse(input) as CrashChildConfig;
const { jobId, bucket } = config;
const s3 = createS3Client(config.s3);

const summary = await runJob({
  spec: testSpec(jobId, { location: config.reportDir, scope: 'AllTasks' }),
  operation: markerOperation(s3, bucket, { delayMs: 20 }),
  manifest: objectManifest(bucket, config.tasks),
  context: contextFor(s3, jobId),
  store: new LocalJobStore(config.jobDir),
  settings: testSettings({ concurrency: 4 }),
  // Small batches: many appends, so a kill after the n-th one is mid-run.
  ledger: { batchSize: 5, flushIntervalMs: 20 },
});
process.stdout.write(`${JSON.stringify(summary)}\n`);
