// Adds up the JSON summaries vitest leaves per project and prints one closing line. Fails when a
// test failed, nothing passed, or a project passed fewer tests than its floor in
// test-floors.json (tests that stopped being found, or began to skip, would otherwise pass).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'reports/vitest';
const floorsFile = process.argv[3] ?? join(import.meta.dirname, 'test-floors.json');
const floors = JSON.parse(readFileSync(floorsFile, 'utf8')).floors;
let files = [];
try {
  files = readdirSync(dir).filter((f) => f.endsWith('.json'));
} catch {
  console.error(`no test summaries under ${dir}: did the tests run?`);
  process.exit(1);
}
let passed = 0;
let failed = 0;
let skipped = 0;
const ran = new Map();
for (const file of files.sort()) {
  const r = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const p = r.numPassedTests ?? 0;
  const f = r.numFailedTests ?? 0;
  const s = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  const project = file.replace(/\.json$/, '');
  console.log(`${project.padEnd(14)} ${p} passed, ${f} failed, ${s} skipped`);
  ran.set(project, p);
  passed += p;
  failed += f;
  skipped += s;
}
const short = Object.entries(floors)
  .filter(([project, floor]) => (ran.get(project) ?? 0) < floor)
  .map(
    ([project, floor]) =>
      `${project}: ${ran.get(project) ?? 'no summary, so 0'} passed, floor ${floor}`,
  );
for (const line of short) console.error(`below its floor (${floorsFile}): ${line}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 || short.length > 0 ? 1 : 0);
