import { validateShard } from './shard-ref.js';

/** One ListObjectsV2 page of a prefix: keys relative to the prefix, in S3 (UTF-8 byte) order. */
export interface KeyPage {
  readonly keys: readonly string[];
  /** More keys follow the last one (IsTruncated). */
  readonly truncated: boolean;
}

/** List one page of the keys that start with `within` and sort after `startAfter` (relative keys). */
export type KeyPageLister = (query: {
  readonly within: string;
  readonly startAfter?: string;
}) => Promise<KeyPage>;

/** A stretch of a prefix's key space in order: a key seen, or a part only estimated. */
export type KeyUnit =
  | { readonly kind: 'key'; readonly key: string }
  | {
      readonly kind: 'estimate';
      /** Upper end of the stretch (the last string starting with its subtree); open when absent. */
      readonly until?: string;
      readonly weight: number;
    };

export interface KeySampleOptions {
  /** Shards the prefix will be split into; sets the default budget. */
  readonly count: number;
  /** LIST requests the sample may make. @default 16 + 8 × count, at most 512 */
  readonly maxRequests?: number;
}

/** The highest code point: `q + TOP` sorts after every ordinary key that starts with `q`. */
const TOP = '\u{10FFFF}';

type Item =
  | { readonly kind: 'keys'; readonly within: string; readonly keys: readonly string[] }
  | { readonly kind: 'rest'; readonly within: string; readonly after?: string };

/** Longest common prefix of sorted keys, never ending inside a surrogate pair. */
function commonPrefix(keys: readonly string[]): string {
  const first = keys[0]!;
  const last = keys.at(-1)!;
  let n = 0;
  while (n < first.length && n < last.length && first[n] === last[n]) n++;
  const code = first.charCodeAt(n - 1);
  if (n > 0 && code >= 0xd800 && code <= 0xdbff) n--;
  return first.slice(0, n);
}

/** The first code point of `key` after `from` (UTF-16 offset), as a string. */
function charAt(key: string, from: number): string {
  return String.fromCodePoint(key.codePointAt(from)!);
}

/**
 * What a truncated page of `rest(within)` tells: its keys grouped by the child of their common
 * prefix L, then what may follow, one stretch per level from L up to `within`, so a later probe
 * can jump over a whole subtree (`StartAfter = L + TOP`) instead of paging through it.
 */
function splitPage(within: string, keys: readonly string[]): Item[] {
  const lcp = commonPrefix(keys);
  const items: Item[] = [];
  let i = 0;
  if (keys[0] === lcp) items.push({ kind: 'keys', within: lcp, keys: [keys[i++]!] });
  let child: string | undefined;
  while (i < keys.length) {
    child = lcp + charAt(keys[i]!, lcp.length);
    const group: string[] = [];
    while (i < keys.length && keys[i]!.startsWith(child)) group.push(keys[i++]!);
    items.push({ kind: 'keys', within: child, keys: group });
  }
  const last = keys.at(-1)!;
  if (child === undefined) items.push({ kind: 'rest', within: lcp, after: last });
  else {
    items.push({ kind: 'rest', within: child, after: last });
    items.push({ kind: 'rest', within: lcp, after: child + TOP });
  }
  const levels = Array.from(lcp.slice(within.length));
  for (let d = levels.length - 1; d >= 0; d--) {
    const parent = within + levels.slice(0, d).join('');
    items.push({ kind: 'rest', within: parent, after: parent + levels[d]! + TOP });
  }
  return items;
}

/**
 * What an unexplored stretch may hold, guessed as much as its subtree held before it: the
 * guess doubles up each level, so shallow stretches (where most keys may hide) are probed first.
 */
function estimates(items: readonly Item[]): number[] {
  const seen = new Map<string, number>();
  for (const item of items) if (item.kind === 'rest') seen.set(item.within, 0);
  return items.map((item) => {
    const weight =
      item.kind === 'keys' ? item.keys.length : Math.max(1, seen.get(item.within) ?? 0);
    for (let n = 0; n <= item.within.length; n++) {
      const prefix = item.within.slice(0, n);
      const sum = seen.get(prefix);
      if (sum !== undefined) seen.set(prefix, sum + weight);
    }
    return weight;
  });
}

/**
 * Sample a prefix's key distribution with a bounded number of LISTs: the first page, then,
 * largest guess first, the page after each subtree seen so far. A prefix that fits in the
 * budget is listed whole. Deterministic for a given listing: probes depend only on what was seen.
 */
export async function sampleKeySpace(
  list: KeyPageLister,
  options: KeySampleOptions,
): Promise<KeyUnit[]> {
  const { count } = validateShard({ index: 0, count: options.count });
  let budget = options.maxRequests ?? Math.min(16 + 8 * count, 512);
  let items: Item[] = [{ kind: 'rest', within: '' }];
  while (budget > 0) {
    const weights = estimates(items);
    let pick = -1;
    items.forEach((item, i) => {
      if (item.kind === 'rest' && (pick < 0 || weights[i]! > weights[pick]!)) pick = i;
    });
    if (pick < 0) break;
    const rest = items[pick] as Extract<Item, { kind: 'rest' }>;
    budget--;
    const page = await list({
      within: rest.within,
      ...(rest.after === undefined ? {} : { startAfter: rest.after }),
    });
    const keys = page.keys.filter((k) => k.startsWith(rest.within));
    const found: Item[] = !page.truncated
      ? keys.length > 0
        ? [{ kind: 'keys', within: rest.within, keys }]
        : []
      : keys.length > 0
        ? splitPage(rest.within, keys)
        : [rest];
    if (page.truncated && keys.length === 0) break; // a lister that makes no progress
    items = [...items.slice(0, pick), ...found, ...items.slice(pick + 1)];
  }
  const weights = estimates(items);
  return items.flatMap((item, i): KeyUnit[] =>
    item.kind === 'keys'
      ? item.keys.map((key) => ({ kind: 'key', key }))
      : [
          {
            kind: 'estimate',
            ...(item.within === '' ? {} : { until: item.within + TOP }),
            weight: weights[i]!,
          },
        ],
  );
}
