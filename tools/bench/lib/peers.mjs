// The tools s3bulk is compared with: AWS CLI v1 and v2 and rclone, each at its defaults and tuned
// to 64 in flight, with temporary config files (the user's ~/.aws and rclone.conf are never read).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const TUNED_CONCURRENCY = 64;

// Each `aws --version` starts Python: ask every binary once.
const versions = new Map();

function version(bin, args = ['--version']) {
  if (!versions.has(bin)) {
    try {
      const out = execFileSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      versions.set(bin, out.trim().split('\n')[0]);
    } catch {
      versions.set(bin, undefined);
    }
  }
  return versions.get(bin);
}

function candidates(name) {
  const found = new Set();
  try {
    const real = execFileSync('pyenv', ['which', name], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    if (real) found.add(real);
  } catch {
    // no pyenv
  }
  try {
    for (const line of execFileSync('which', ['-a', name], { encoding: 'utf8' }).split('\n'))
      if (line) found.add(line);
  } catch {
    // not on PATH
  }
  for (const fixed of [`/usr/bin/${name}`, `/usr/local/bin/${name}`])
    if (existsSync(fixed)) found.add(fixed);
  return [...found];
}

/** Installs the Debian packages of missing peers when we are root on Debian; notes why not else. */
export function installPeers(notes) {
  const awsV2 = candidates('aws').some((bin) => version(bin)?.startsWith('aws-cli/2'));
  const rclone = candidates('rclone').length > 0;
  const missing = [...(awsV2 ? [] : ['awscli']), ...(rclone ? [] : ['rclone'])];
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0 || !existsSync('/etc/debian_version')) {
    notes.push(`Not installed (needs root on Debian): ${missing.join(', ')}.`);
    return;
  }
  try {
    execFileSync('apt-get', ['install', '-y', '-q', ...missing], {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch {
    try {
      execFileSync('apt-get', ['update', '-q'], { stdio: 'ignore' });
      execFileSync('apt-get', ['install', '-y', '-q', ...missing], {
        stdio: 'ignore',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch (error) {
      notes.push(
        `apt-get install ${missing.join(' ')} failed: ${String(error.message).split('\n')[0]}`,
      );
    }
  }
}

/** Finds the peers; returns { awsV1, awsV2, rclone } each { bin, version } or { missing }. */
export function findPeers() {
  const aws = candidates('aws').map((bin) => ({ bin, version: version(bin) }));
  const pick = (major) =>
    aws.find((a) => a.version?.startsWith(`aws-cli/${major}`)) ?? {
      missing: `aws CLI v${major} not found`,
    };
  const rcloneBin = candidates('rclone')[0];
  return {
    awsV1: pick(1),
    awsV2: pick(2),
    rclone: rcloneBin
      ? { bin: rcloneBin, version: version(rcloneBin, ['version']) }
      : { missing: 'rclone not found' },
  };
}

const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench' };

function cleanEnv(extra) {
  const env = { ...process.env, ...extra };
  for (const name of [
    'AWS_PROFILE',
    'AWS_SESSION_TOKEN',
    'AWS_ENDPOINT_URL',
    'AWS_ENDPOINT_URL_S3',
  ])
    delete env[name];
  return env;
}

/** Environment for the AWS CLI: temp config (tuned: max_concurrent_requests 64), no profile. */
export async function awsEnv(workdir, tuned) {
  const dir = join(workdir, tuned ? 'aws-tuned' : 'aws-default');
  await mkdir(dir, { recursive: true });
  const s3 = tuned
    ? `s3 =\n  max_concurrent_requests = ${TUNED_CONCURRENCY}\n  max_queue_size = 10000\n`
    : '';
  await writeFile(join(dir, 'config'), `[default]\nregion = us-east-1\n${s3}`);
  await writeFile(join(dir, 'credentials'), '');
  return cleanEnv({
    ...CREDENTIALS,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  });
}

/** Environment for rclone: an `sim:` remote from env vars; AWS_CA_BUNDLE unset (rclone rejects it). */
export async function rcloneEnv(workdir, endpoint) {
  await writeFile(join(workdir, 'rclone.conf'), '');
  const env = cleanEnv({
    RCLONE_CONFIG: join(workdir, 'rclone.conf'),
    RCLONE_CONFIG_SIM_TYPE: 's3',
    RCLONE_CONFIG_SIM_PROVIDER: 'Other',
    RCLONE_CONFIG_SIM_ENV_AUTH: 'false',
    RCLONE_CONFIG_SIM_ACCESS_KEY_ID: 'bench',
    RCLONE_CONFIG_SIM_SECRET_ACCESS_KEY: 'bench',
    RCLONE_CONFIG_SIM_ENDPOINT: endpoint,
    RCLONE_CONFIG_SIM_REGION: 'us-east-1',
    RCLONE_CONFIG_SIM_FORCE_PATH_STYLE: 'true',
  });
  delete env.AWS_CA_BUNDLE;
  return env;
}

export function s3bulkEnv() {
  return cleanEnv({
    ...CREDENTIALS,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
}

export const RCLONE_TUNED = [
  '--transfers',
  String(TUNED_CONCURRENCY),
  '--checkers',
  String(TUNED_CONCURRENCY),
];
