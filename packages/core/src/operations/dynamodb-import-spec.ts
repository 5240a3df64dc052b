import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { lazySchema } from '../config/lazy-schema.js';

/** How one CSV column becomes an item attribute. */
export const columnSchema = lazySchema(() =>
  z.strictObject({
    /** Attribute name. @default the column's header */
    Attribute: z.string().min(1, 'Attribute must not be empty').max(255).optional(),
    /** `S` string, `N` number, `BOOL` (true/false/1/0/yes/no), or `SKIP` to leave it out. @default 'S' */
    Type: z.enum(['S', 'N', 'BOOL', 'SKIP']).optional(),
  }),
);

export const dynamoDbImportSpecSchema = lazySchema(() =>
  z.strictObject({
    TableName: z
      .string({ error: 'TableName is required: the DynamoDB table to write to' })
      .regex(/^[A-Za-z0-9_.-]{3,255}$/, 'TableName must be 3-255 letters, digits, _ . or -'),
    /** Per-column mapping, keyed by header. Columns not named here import as strings. */
    Columns: z.record(z.string(), columnSchema()).optional(),
    /** Import only the columns named in `Columns`. @default false */
    OnlyMappedColumns: z.boolean().optional(),
    /** Attribute that gets the import time (ISO 8601); `""` adds none. @default 'createdAt' */
    CreatedAtAttribute: z.string().max(255).optional(),
    /** Field delimiter of the CSV objects. @default ',' */
    Delimiter: z.string().length(1, 'Delimiter must be one character').optional(),
  }),
);

/**
 * `{"DynamoDbImport": {"TableName": "users", "Columns": {"number": {"Type": "N"}}}}`: each
 * manifest object is a CSV with a header row; each row becomes one item.
 */
export type DynamoDbImportSpec = z.output<ReturnType<typeof dynamoDbImportSpecSchema>>;

/** One item as BatchWriteItem takes it: numbers stay the decimal text of the CSV cell. */
export type ImportItem = Record<string, AttributeValue>;

/** A bad cell: the caller adds the object and line. */
export class CellError extends Error {}

const TRUE = new Set(['true', '1', 'yes', 'y']);
const FALSE = new Set(['false', '0', 'no', 'n']);
/** A DynamoDB number: decimal, optional sign and exponent (no hex, no Infinity, no NaN). */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** DynamoDB keeps at most 38 significant digits and refuses a whole batch for one more. */
const MAX_SIGNIFICANT_DIGITS = 38;

/**
 * Turn one CSV row (header -> cell) into an item. Empty cells are left out: DynamoDB refuses
 * empty key attributes, and an absent attribute is how a table says "no value".
 */
export function rowToItem(
  row: Readonly<Record<string, string>>,
  spec: DynamoDbImportSpec,
  createdAt: string,
): ImportItem {
  const item: ImportItem = {};
  for (const [header, cell] of Object.entries(row)) {
    const column = spec.Columns?.[header];
    if (!column && spec.OnlyMappedColumns) continue;
    const type = column?.Type ?? 'S';
    if (type === 'SKIP' || cell === '') continue;
    const name = column?.Attribute ?? header;
    item[name] = convert(cell, type, header);
  }
  const stamp = spec.CreatedAtAttribute ?? 'createdAt';
  if (stamp !== '') item[stamp] = { S: createdAt };
  return item;
}

function convert(cell: string, type: 'S' | 'N' | 'BOOL', header: string): AttributeValue {
  if (type === 'S') return { S: cell };
  if (type === 'N') {
    // The cell's text goes to DynamoDB as is: a JS number would round past 2^53 and 17 digits.
    const text = cell.trim();
    if (!NUMBER.test(text)) throw new CellError(`column "${header}": "${cell}" is not a number`);
    if (significantDigits(text) > MAX_SIGNIFICANT_DIGITS) {
      throw new CellError(
        `column "${header}": "${cell}" has more than ${MAX_SIGNIFICANT_DIGITS} significant digits, the most DynamoDB keeps`,
      );
    }
    return { N: text };
  }
  const lower = cell.trim().toLowerCase();
  if (TRUE.has(lower)) return { BOOL: true };
  if (FALSE.has(lower)) return { BOOL: false };
  throw new CellError(`column "${header}": "${cell}" is not a boolean (true/false, 1/0, yes/no)`);
}

function significantDigits(number: string): number {
  const digits = number.replace(/[eE].*$/, '').replace(/\D/g, '');
  return digits.replace(/^0+/, '').replace(/0+$/, '').length;
}
