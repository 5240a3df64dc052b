import type { S3Client } from '@aws-sdk/client-s3';
import type { ManifestError, SourceLocation } from '../errors.js';
import type { ObjectFacts, ObjectRef, PrefixRef } from '../types.js';
import type { ObjectEncryptionFilter } from './object-encryption.js';

/** The manifest formats s3bulk reads. */
export type ManifestFormat = 'pairs' | 'csv' | 'inventory';

/** Columns of an `S3BatchOperations_CSV_20180820` manifest. */
export type CsvField = 'Ignore' | 'Bucket' | 'Key' | 'VersionId';

/** A manifest stored in a file: a local path or `s3://bucket/key`. */
export interface ManifestSpec {
  readonly format: ManifestFormat;
  /** Local path or `s3://bucket/key` (for inventory: the `manifest.json`). */
  readonly location: string;
  /** The first row is a header (pairs and csv). @default false */
  readonly header?: boolean;
  /** Column order of a csv manifest. @default ['Bucket', 'Key'] */
  readonly fields?: readonly CsvField[];
}

/** The `S3JobManifestGenerator` filter set. Every filter given must match. */
export interface ManifestFilters {
  readonly createdAfter?: Date;
  readonly createdBefore?: Date;
  readonly keyPrefix?: string;
  readonly keySuffix?: string;
  readonly keySubstring?: string;
  readonly minSize?: number;
  readonly maxSize?: number;
  readonly storageClasses?: readonly string[];
  /**
   * `MatchAnyObjectEncryption`: objects encrypted in any of these ways. A listing does not say
   * how an object is encrypted, so this filter HEADs every object the other filters let through.
   */
  readonly objectEncryption?: readonly ObjectEncryptionFilter[];
}

/** A manifest made by listing a bucket (`s3bulk run --generate s3://bucket/prefix`). */
export interface GeneratorSpec {
  readonly format: 'generate';
  readonly bucket: string;
  /** Only keys under this prefix are listed. @default '' */
  readonly prefix?: string;
  readonly filters?: ManifestFilters;
  /** Where the listing is kept as an inventory manifest. @default the job folder */
  readonly output?: string;
  /**
   * List every version and delete marker (ListObjectVersions), one row each with its VersionId,
   * instead of the current objects. @default false
   */
  readonly allVersions?: boolean;
}

/**
 * One object is the job's only task: the seed's DynamoDB import, where the uploaded CSV itself
 * is what the operation reads (`<bucket> <key>` with `S3BULK_TABLE_NAME`).
 */
export interface ObjectManifestSpec {
  readonly format: 'object';
  /** `s3://bucket/key` of the object. */
  readonly location: string;
}

/** Every kind of job input. */
export type ManifestInput = ManifestSpec | GeneratorSpec | ObjectManifestSpec;

/** Where a manifest row came from, for errors and the ledger. */
export interface EntryLocation extends SourceLocation {
  readonly line: number;
  /** Byte offset of the row in its (uncompressed) file; absent for generated entries. */
  readonly offset?: number;
  /**
   * Inventory only: index of the data file in `manifest.json`'s `files[]`. Lines count within
   * each data file, so the file is part of a row's identity.
   */
  readonly file?: number;
}

/** One object to work on (csv, inventory, generator rows; pairs object rows). */
export interface ObjectEntry {
  readonly kind: 'object';
  readonly object: ObjectRef;
  /** Pairs rows only: where the object is copied to. */
  readonly destination?: ObjectRef;
  /** What the manifest already tells about the object (inventory, generator). */
  readonly facts?: ObjectFacts;
  readonly location: EntryLocation;
}

/** A pairs row whose source and destination are prefixes: sync one into the other. */
export interface PrefixEntry {
  readonly kind: 'prefix';
  readonly source: PrefixRef;
  readonly destination: PrefixRef;
  readonly location: EntryLocation;
}

export type ManifestEntry = ObjectEntry | PrefixEntry;

/** A byte range of a text manifest, for sharded readers. `end` is exclusive. */
export interface ByteRange {
  readonly start: number;
  readonly end?: number;
}

export interface ReadManifestOptions {
  /** Needed for `s3://` locations. */
  readonly s3?: S3Client;
  readonly signal?: AbortSignal;
  /**
   * Called for each bad row, and reading goes on. Without it, the first bad row throws.
   * A bad file (not found, not gzip, MD5 mismatch) always throws.
   */
  readonly onInvalid?: (error: ManifestError) => void;
  /**
   * Read only the rows that start inside this byte range (pairs and csv): a row that straddles
   * `start` belongs to the previous range. Line numbers are then relative to the range.
   */
  readonly range?: ByteRange;
  /**
   * An s3:// manifest's bytes already on local disk at their own offsets (`spoolManifestRange`):
   * read from there, not from S3.
   */
  readonly localCopy?: string;
  /** Told of each request the reading makes to S3 (`generate`: each listing page, each HEAD). */
  readonly onRequest?: (request: string) => void;
  /** Inventory only: read only these data files (indexes into `files[]`). */
  readonly inventoryFiles?: readonly number[];
  /**
   * Generated manifests only: the account that must own the listed bucket (`ExpectedBucketOwner`
   * on every ListObjectsV2). The CLI passes `--expected-source-bucket-owner`: the listing reads
   * the objects the job then works on.
   */
  readonly expectedBucketOwner?: string;
  /** Longest accepted line in bytes; a longer one is a bad row. @default 65536 */
  readonly maxLineBytes?: number;
  /**
   * Inventory only: check each data file's `MD5checksum` before yielding any of its rows (one
   * extra read of the file), so a corrupt file never starts a job. @default true
   */
  readonly verifyChecksums?: boolean;
}
