import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireBuiltCli } from './run-cli.js';

// Issue 13, start-up: what a command loads before its first line of its own is the static import
// graph of its bundle (scripts/bundle.mjs). The S3 SDK's client and the modules only SDK requests
// need are chunks of their own, loaded when a job sends its first SDK request: a copy job on the
// lean path never does. A value import of one of them in core would put it back in the graph.
const DIST = resolve(import.meta.dirname, '../../dist');

/** Every file `entry` imports statically, itself included. */
async function staticGraph(entry: string): Promise<string[]> {
  const seen = new Set<string>();
  const pending = [join(DIST, entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = await readFile(file, 'utf8');
    // Static forms only (`import ... from "x"`, `import "x"`, `export ... from "x"`): a dynamic
    // `import("x")` is the lazy load this test wants to stay lazy.
    for (const [, specifier] of code.matchAll(
      /(?:import|export)\s*(?:[^'"()]*?from\s*)?["'](\.[^"']+)["']/g,
    )) {
      pending.push(resolve(dirname(file), specifier!));
    }
  }
  return [...seen];
}

/** The npm packages whose sources a bundle file holds (from its source map). */
async function packagesIn(file: string): Promise<Set<string>> {
  const map = JSON.parse(await readFile(`${file}.map`, 'utf8')) as { sources: string[] };
  const names = map.sources.flatMap((source) => {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source);
    return match ? [match[1]!] : [];
  });
  return new Set(names);
}

const LAZY = [
  '@aws-sdk/client-s3',
  '@aws-sdk/lib-storage',
  '@aws-sdk/credential-provider-node',
  '@smithy/node-http-handler',
];

describe('the built CLI: start-up', () => {
  it.each(['commands/run.js', 'commands/plan.js', 'index.js'])(
    '%s does not load the S3 SDK before a job needs it',
    async (entry) => {
      requireBuiltCli();
      // Prepare
      const files = await staticGraph(entry);

      // Act
      const loaded = new Set<string>();
      for (const file of files) for (const name of await packagesIn(file)) loaded.add(name);

      // Assess
      expect(loaded.has('@oclif/core')).toBe(true);
      expect(LAZY.filter((name) => loaded.has(name))).toEqual([]);
    },
  );
});
