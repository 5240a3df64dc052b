/** The fields of one CSV line, or why the line is not valid CSV. */
export type CsvRow =
  | { readonly ok: true; readonly fields: string[] }
  | { readonly ok: false; readonly problem: string; readonly column: number };

/**
 * Split one manifest line into fields (RFC 4180: `,` separates, `"` quotes, `""` is a quote).
 * Manifest rows never span lines (keys with newlines are percent-encoded), which is what lets
 * byte ranges shard a manifest and every error name its line.
 */
export function splitCsvLine(line: string): CsvRow {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q === -1) {
          return {
            ok: false,
            problem: 'a quoted field has no closing quote',
            column: fields.length + 1,
          };
        }
        value += line.slice(j, q);
        if (line[q + 1] === '"') {
          value += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === line.length) return { ok: true, fields };
      if (line[i] !== ',') {
        return { ok: false, problem: 'text after a closing quote', column: fields.length };
      }
      i += 1;
      continue;
    }
    const comma = line.indexOf(',', i);
    const value = comma === -1 ? line.slice(i) : line.slice(i, comma);
    if (value.includes('"')) {
      return { ok: false, problem: 'a quote inside an unquoted field', column: fields.length + 1 };
    }
    fields.push(value);
    if (comma === -1) return { ok: true, fields };
    i = comma + 1;
  }
}
