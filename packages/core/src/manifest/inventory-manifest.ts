import { createHash } from 'node:crypto';
import { access } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as z from 'zod';
import { lazySchema } from '../config/lazy-schema.js';
import { ManifestError } from '../errors.js';
import { formatS3Url, isS3Url, parseS3Url } from '../s3/url.js';
import { MAX_INVENTORY_MANIFEST_BYTES } from './constants.js';
import { readManifestFile, type ManifestSourceOptions } from './source.js';

const inventoryManifestSchema = lazySchema(() =>
  z.object({
    sourceBucket: z.string().optional(),
    destinationBucket: z.string().min(1),
    version: z.string().optional(),
    creationTimestamp: z.string().optional(),
    fileFormat: z.string(),
    fileSchema: z.string().min(1),
    files: z.array(
      z.object({
        key: z.string().min(1),
        size: z.number().optional(),
        MD5checksum: z.string().optional(),
      }),
    ),
  }),
);

/** The `manifest.json` of an S3 Inventory report (or of a generated manifest). */
export type InventoryManifest = z.infer<ReturnType<typeof inventoryManifestSchema>>;

/** One data file of an inventory, where to read it, and its expected MD5. */
export interface InventoryDataFile {
  readonly index: number;
  readonly location: string;
  readonly md5?: string;
}

/** Read and check a `manifest.json`: CSV only, a schema with Bucket and Key. */
export async function readInventoryManifest(
  location: string,
  options: ManifestSourceOptions,
): Promise<{ manifest: InventoryManifest; columns: string[] }> {
  const bytes = await readManifestFile(location, {
    ...options,
    maxBytes: MAX_INVENTORY_MANIFEST_BYTES,
  });
  await verifyManifestChecksum(location, bytes, options);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ManifestError(
      `manifest.json is not valid JSON (${(error as Error).message})`,
      { source: location },
      undefined,
      { cause: error },
    );
  }
  const parsed = inventoryManifestSchema().safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'manifest.json';
    throw new ManifestError(
      `inventory manifest.json: ${issue?.message ?? 'invalid'}`,
      { source: location },
      field,
    );
  }
  const manifest = parsed.data;
  if (manifest.fileFormat.toUpperCase() !== 'CSV') {
    throw new ManifestError(
      `fileFormat ${manifest.fileFormat} is not supported (only CSV)`,
      { source: location },
      'fileFormat',
    );
  }
  const columns = manifest.fileSchema.split(',').map((c) => c.trim());
  for (const needed of ['Bucket', 'Key']) {
    if (!columns.includes(needed)) {
      throw new ManifestError(
        `fileSchema has no ${needed} column`,
        { source: location },
        'fileSchema',
      );
    }
  }
  return { manifest, columns };
}

/**
 * S3 Inventory writes `manifest.checksum` (the MD5 of `manifest.json`, in hex) beside each
 * `manifest.json`: where it exists, the manifest must match it, so a torn or edited manifest never
 * starts a job. A missing one is fine (a copied manifest, a hand-made one).
 */
async function verifyManifestChecksum(
  location: string,
  bytes: Buffer,
  options: ManifestSourceOptions,
): Promise<void> {
  if (!/(^|\/)manifest\.json$/.test(location)) return;
  const checksumLocation = location.replace(/manifest\.json$/, 'manifest.checksum');
  let text: string;
  try {
    text = (await readManifestFile(checksumLocation, { ...options, maxBytes: 1024 })).toString();
  } catch (error) {
    if (isNotFound(error)) return;
    throw error;
  }
  const expected = text.trim().toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(expected)) {
    throw new ManifestError(
      'manifest.checksum does not hold an MD5 (32 hex digits)',
      { source: checksumLocation },
      'manifest.checksum',
    );
  }
  const actual = createHash('md5').update(bytes).digest('hex');
  if (actual !== expected) {
    throw new ManifestError(
      `MD5 of manifest.json is ${actual}, manifest.checksum says ${expected}: the manifest is incomplete or was changed; use the inventory's own files`,
      { source: location },
      'manifest.checksum',
    );
  }
}

function isNotFound(error: unknown): boolean {
  const cause = (error as { cause?: { name?: string; code?: string } }).cause;
  return cause?.code === 'ENOENT' || cause?.name === 'NoSuchKey' || cause?.name === 'NotFound';
}

/** The bucket named by `destinationBucket` (an ARN, `arn:aws:s3:::name`, or a bare name). */
export function inventoryBucket(manifest: InventoryManifest): string {
  return manifest.destinationBucket.replace(/^arn:[^:]*:s3:::/, '');
}

/**
 * Where each data file is. `files[].key` is relative to the destination bucket: for a manifest in
 * S3 that is `s3://<destination bucket>/<key>`. For a local manifest.json the files are looked up
 * locally, never in S3: `<dir>/<key>`, then `<dir>/data/<name>`, `<dir>/<name>`,
 * `<dir>/../data/<name>` (the layouts a copied inventory or generated manifest leaves).
 */
export async function resolveInventoryFiles(
  location: string,
  manifest: InventoryManifest,
  select?: readonly number[],
): Promise<InventoryDataFile[]> {
  const indexes = select ?? manifest.files.map((_, i) => i);
  const out: InventoryDataFile[] = [];
  for (const index of indexes) {
    const file = manifest.files[index];
    if (!file) {
      throw new ManifestError(
        `files[${index}] does not exist (the manifest lists ${manifest.files.length} files)`,
        { source: location },
        'files',
      );
    }
    const md5 = file.MD5checksum?.toLowerCase();
    out.push({
      index,
      location: await locateDataFile(location, manifest, file.key),
      ...(md5 ? { md5 } : {}),
    });
  }
  return out;
}

async function locateDataFile(
  location: string,
  manifest: InventoryManifest,
  key: string,
): Promise<string> {
  if (isS3Url(location)) {
    parseS3Url(location);
    return formatS3Url(inventoryBucket(manifest), key);
  }
  const dir = dirname(location);
  const name = basename(key);
  const candidates = [
    join(dir, key),
    join(dir, 'data', name),
    join(dir, name),
    join(dir, '..', 'data', name),
  ];
  for (const candidate of candidates) {
    if (
      await access(candidate).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  throw new ManifestError(
    `data file ${key} not found locally (looked for ${candidates.join(', ')})`,
    { source: location },
    'files.key',
    {
      code: 'ManifestUnreadable',
    },
  );
}
