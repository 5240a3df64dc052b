import type { TestProject } from 'vitest/node';
import { resolveEmulator } from './emulator/resolve.js';
import './provided-context.js';

/** vitest globalSetup: one emulator per project run, stopped when the run ends. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const handle = await resolveEmulator((line) => console.log(line));
  project.provide('s3bulkEmulator', handle.info);
  return () => handle.stop();
}
