import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { badManifestCorpus, writeManifestCase } from '@s3bulk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManifestError } from '../errors.js';
import { openManifest, validateManifest } from './open-manifest.js';
import type { ManifestSpec } from './types.js';

describe('manifest: bad-manifest corpus', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 's3bulk-corpus-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const cases = badManifestCorpus();

  it.each(cases.map((c, i) => [c.name, i] as const))(
    '%s: names the file, line, field and problem',
    async (_name, index) => {
      // Prepare
      const testCase = cases[index]!;
      const dir = join(root, `case-${index}`);
      const location = await writeManifestCase(dir, testCase);
      const spec: ManifestSpec = {
        format: testCase.format,
        location,
        ...(testCase.header ? { header: true } : {}),
        ...(testCase.fields ? { fields: testCase.fields } : {}),
      };

      // Act
      const validation = await validateManifest(spec);
      const thrown = await (async () => {
        try {
          for await (const _entry of openManifest(spec)) {
            // the first bad row throws
          }
        } catch (error) {
          return error;
        }
        return undefined;
      })();

      // Assess
      expect(validation.valid).toBe(false);
      const first = validation.errors[0]!;
      expect(first).toBeInstanceOf(ManifestError);
      const { expected } = testCase;
      expect(first.message).toMatch(expected.problem);
      expect(first.location.source).toBe(expected.file ? join(dir, expected.file) : location);
      expect(first.location.line).toBe(expected.line);
      if ('field' in expected) expect(first.field).toBe(expected.field);
      expect(first.describe()).toContain(
        expected.line ? `${first.location.source}:${expected.line}: ` : first.location.source,
      );
      expect(thrown).toBeInstanceOf(ManifestError);
      expect((thrown as ManifestError).message).toMatch(expected.problem);
    },
  );
});
