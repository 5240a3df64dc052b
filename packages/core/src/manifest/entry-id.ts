import type { EntryLocation } from './types.js';

/**
 * The id of the task a manifest row gives: its line, and for inventory rows `<line>@<file>`
 * (lines restart in every data file). Stable across runs: the ledger key.
 */
export function entryTaskId(location: EntryLocation): string {
  return location.file === undefined ? String(location.line) : `${location.line}@${location.file}`;
}
