import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireBuiltCli } from './run-cli.js';

const ROOT = resolve(import.meta.dirname, '../../../..');

function withoutNodeNotice(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  return env;
}

/** Run the quick start's `npm run demo` script (after its build step) and keep its output. */
function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['tools/demo/run-demo.mjs'], {
      cwd: ROOT,
      // As a user runs it: without the variable that silences the SDK's Node 20 notice.
      env: withoutNodeNotice(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('the quick start: npm run demo', () => {
  it('runs both jobs end to end on its own moto_server and stops it', async () => {
    requireBuiltCli();
    // Act
    const demo = await runDemo();

    // Assess
    expect(demo.code, `${demo.stdout}\n${demo.stderr}`).toBe(0);
    expect(demo.stdout).toContain('==> Job 1: sync pairs');
    expect(demo.stdout).toContain('==> Job 2: tag objects');
    expect(demo.stdout).toMatch(/Tags of backup\/photos\/2024\/02\/snow day\.jpg: .*s3bulk-demo/);
    expect(demo.stdout.match(/Completion report .* rows/g)).toHaveLength(2);
    expect(demo.stdout).toContain('==> Done');
    expect(demo.stderr).not.toMatch(/NodeVersionSupportWarning/);
  });
});
