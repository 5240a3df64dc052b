// `nx run worker:docker`: build the worker image where a Docker engine is reachable; elsewhere
// say so plainly and exit 1 (no stack trace).
import { spawnSync } from 'node:child_process';

const dir = new URL('..', import.meta.url).pathname;
const tag = process.env.S3BULK_WORKER_IMAGE ?? 's3bulk-worker:latest';

const probe = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' });
if (probe.error || probe.status !== 0) {
  const why = probe.error
    ? `the docker command was not found (${probe.error.code ?? probe.error.message})`
    : (probe.stderr || probe.stdout).trim().split('\n')[0];
  console.error(`Docker engine not available (${why})`);
  console.error(
    'Build the image where Docker runs (`nx run worker:docker`), or run the bundle as a plain Node process: node apps/worker/dist/main.mjs <bucket> <key> [header] [sync_delete]',
  );
  process.exit(1);
}
const result = spawnSync('docker', ['build', '--tag', tag, '--file', 'Dockerfile', '.'], {
  cwd: dir,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
