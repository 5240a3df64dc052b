#!/usr/bin/env node
// Writes oclif.manifest.json (every command's id, flags and help) after `tsc`, so oclif loads only
// the command that runs instead of importing every command module at start-up (1 s -> 0.3 s).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Config } from '@oclif/core';

const root = join(import.meta.dirname, '..');
const config = await Config.load({ root, ignoreManifest: true, errorOnManifestCreate: true });
const { manifest } = config.rootPlugin;
if (Object.keys(manifest.commands).length === 0) {
  throw new Error(`no commands found under ${root}/dist/commands: run tsc first`);
}
await writeFile(join(root, 'oclif.manifest.json'), `${JSON.stringify(manifest)}\n`);
