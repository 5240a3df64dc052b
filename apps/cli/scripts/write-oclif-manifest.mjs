#!/usr/bin/env node
// Writes oclif.manifest.json (every command's id, flags and help) after `tsc`, so oclif loads only
// the command that runs instead of importing every command module at start-up (1 s -> 0.3 s).
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Config } from '@oclif/core';

const root = join(import.meta.dirname, '..');
const target = join(root, 'oclif.manifest.json');
// oclif reads an existing manifest whatever the options say: remove it, or it is copied forward.
await rm(target, { force: true });
const config = await Config.load({ root, ignoreManifest: true, errorOnManifestCreate: true });
const { manifest } = config.rootPlugin;
if (Object.keys(manifest.commands).length === 0) {
  throw new Error(`no commands found under ${root}/dist/commands: run tsc first`);
}
await writeFile(target, `${JSON.stringify(manifest)}\n`);
