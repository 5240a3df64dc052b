// Smoke-run the worker image: its usage text, then one pairs job against an S3 API (moto in CI).
// `node scripts/image-smoke.mjs --image s3bulk-worker:latest --endpoint http://127.0.0.1:5000`
// The container shares the host's network so a loopback endpoint reaches the emulator.
import { spawnSync } from 'node:child_process';
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';

/** Run the smoke steps; throws an Error saying which step failed and what the container printed. */
export async function smokeWorkerImage({
  image,
  endpoint,
  region = 'us-east-1',
  accessKeyId = 'test',
  secretAccessKey = 'test',
  log = console.log,
}) {
  const usage = spawnSync('docker', ['run', '--rm', image], { encoding: 'utf8' });
  const printed = `${usage.stdout}${usage.stderr}`;
  if (usage.status !== 2 || !printed.includes('usage: worker <bucket> <key>')) {
    throw new Error(
      `usage step: expected exit 2 and the usage text, got ${usage.status}:\n${printed}`,
    );
  }
  log('usage text: ok (exit 2)');

  const s3 = new S3Client({
    endpoint,
    region,
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
  });
  const run = Date.now().toString(36);
  const [input, src, dst] = ['input', 'src', 'dst'].map((side) => `smoke-${side}-${run}`);
  for (const bucket of [input, src, dst])
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const body = `worker image smoke ${run}`;
  await s3.send(new PutObjectCommand({ Bucket: src, Key: 'data/a.txt', Body: body }));
  const pairs = `source,destination\ns3://${src}/data/a.txt,s3://${dst}/copied/a.txt\n`;
  await s3.send(new PutObjectCommand({ Bucket: input, Key: 'input/pairs.csv', Body: pairs }));

  // The seed's command line: <bucket> <key> <header> <sync_delete>
  const env = {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: secretAccessKey,
    S3BULK_JOB_ID: `smoke-${run}`,
  };
  const job = spawnSync(
    'docker',
    [
      'run',
      '--rm',
      '--network',
      'host',
      ...Object.entries(env).flatMap(([name, value]) => ['--env', `${name}=${value}`]),
      image,
      input,
      'input/pairs.csv',
      'True',
      'False',
    ],
    { encoding: 'utf8' },
  );
  if (job.status !== 0) {
    throw new Error(`pairs job: exit ${job.status}:\n${job.stdout}${job.stderr}`);
  }
  const copied = await s3.send(new GetObjectCommand({ Bucket: dst, Key: 'copied/a.txt' }));
  const text = await copied.Body.transformToString();
  if (text !== body) throw new Error(`pairs job: the copy holds "${text}", not "${body}"`);
  log(`pairs job: ok (s3://${src}/data/a.txt -> s3://${dst}/copied/a.txt)`);
  s3.destroy();
}

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await smokeWorkerImage({
    image: option('image', process.env.S3BULK_WORKER_IMAGE ?? 's3bulk-worker:latest'),
    endpoint: option('endpoint', process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:5000'),
    region: process.env.AWS_REGION ?? 'us-east-1',
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'test',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
  }).catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
