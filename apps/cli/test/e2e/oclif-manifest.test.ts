import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { requireBuiltCli } from './run-cli.js';

const CLI = resolve(import.meta.dirname, '../..');

interface Manifest {
  commands: Record<string, { flags: Record<string, unknown>; relativePath: string[] }>;
}

describe('the built CLI: oclif.manifest.json', () => {
  it('lists every command of dist/commands with the flags its class defines', async () => {
    requireBuiltCli();
    // Prepare
    const manifest = JSON.parse(
      await readFile(join(CLI, 'oclif.manifest.json'), 'utf8'),
    ) as Manifest;
    const files = (await readdir(join(CLI, 'dist/commands'), { recursive: true }))
      .filter((f) => f.endsWith('.cjs'))
      .map((f) =>
        f
          .replace(/\.cjs$/, '')
          .split('/')
          .join(':'),
      );

    // Act
    const mismatches: string[] = [];
    for (const [id, command] of Object.entries(manifest.commands)) {
      // The bundles are CommonJS (scripts/bundle.mjs): loaded as the CLI loads them.
      const module = createRequire(import.meta.url)(join(CLI, ...command.relativePath)) as {
        default: {
          flags?: Record<string, unknown>;
          baseFlags?: Record<string, unknown>;
          enableJsonFlag?: boolean;
        };
      };
      // oclif adds --json itself to commands that enable it.
      const defined = Object.keys({
        ...module.default.baseFlags,
        ...module.default.flags,
        ...(module.default.enableJsonFlag ? { json: true } : {}),
      }).sort();
      const listed = Object.keys(command.flags).sort();
      if (defined.join() !== listed.join()) mismatches.push(`${id}: ${listed} vs ${defined}`);
    }

    // Assess: help and parsing read the manifest, so a stale one would hide or drop flags.
    expect(Object.keys(manifest.commands).sort()).toEqual(files.sort());
    expect(mismatches, `rebuild: npx nx run cli:build (${relative(process.cwd(), CLI)})`).toEqual(
      [],
    );
  });
});
