/** Format names as S3 Batch Operations spells them, for the formats s3bulk reads and writes. */
export const MANIFEST_FORMAT_IDS = {
  csv: 'S3BatchOperations_CSV_20180820',
  inventory2016: 'S3InventoryReport_CSV_20161130',
  inventory2021: 'S3InventoryReport_CSV_20211130',
} as const;

/**
 * The longest manifest line s3bulk accepts, in bytes. Two 1,024-byte keys, percent-encoded
 * (3 bytes per byte at worst), plus URLs and a version id fit well inside it.
 */
export const MAX_LINE_BYTES = 64 * 1024;

/** S3's limit on a key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

/** The largest `manifest.json` s3bulk reads whole (it lists files, not rows). */
export const MAX_INVENTORY_MANIFEST_BYTES = 16 * 1024 * 1024;

/** The first two bytes of every gzip stream. */
export const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** csv manifest columns when none are given. */
export const DEFAULT_CSV_FIELDS = ['Bucket', 'Key'] as const;
