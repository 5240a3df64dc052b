// Puts a benchmark run's figures into the README, between two marker comments, so the table there
// is always one that `npm run bench` measured (a full run writing bench/results/latest.md).
import { readFile, writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';

export const README_START = '<!-- bench:start (written by npm run bench; do not edit by hand) -->';
export const README_END = '<!-- bench:end -->';

/**
 * Replace the marked block of `readmePath` with `body`. Throws when the markers are missing or
 * out of order, rather than appending a second table somewhere.
 */
export async function updateReadme(readmePath, body) {
  const text = await readFile(readmePath, 'utf8');
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start < 0 || end < start) {
    throw new Error(`${readmePath}: no "${README_START}" ... "${README_END}" block to update`);
  }
  const before = text.slice(0, start + README_START.length);
  const after = text.slice(end);
  // Formatted as the rest of the repo is, so `npm run format:check` stays clean after a run.
  const updated = `${before}\n\n${body.trim()}\n\n${after}`;
  const options = (await resolveConfig(readmePath)) ?? {};
  await writeFile(readmePath, await format(updated, { ...options, filepath: readmePath }));
}

/** The README's block: the short table of one run, and where its full figures are. */
export function readmeBody(table, command, when) {
  return [
    `From \`${command}\` (${when}); every figure, the notes and the targets: [bench/results/latest.md](bench/results/latest.md).`,
    '',
    table,
  ].join('\n');
}
