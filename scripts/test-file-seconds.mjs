// Writes tests/test-file-seconds.json, the order the test files start in (longest first, see
// tests/helpers/longest-first-sequencer.ts), from the durations vitest kept of its last runs
// (node_modules/.vite/vitest/*/results.json: each file's whole time, its hooks included).
// Run it after a full `npm test` on two cores.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const cacheDir = path.join(root, 'node_modules', '.vite', 'vitest');
const seconds = {};
for (const dir of existsSync(cacheDir) ? readdirSync(cacheDir) : []) {
  const file = path.join(cacheDir, dir, 'results.json');
  if (!existsSync(file)) continue;
  for (const [key, { duration }] of JSON.parse(readFileSync(file, 'utf8')).results) {
    const rel = key.replace(/^[^:]*:/, '');
    if (duration && existsSync(path.join(root, rel))) seconds[rel] = Math.max(1, Math.round(duration / 1000));
  }
}
const sorted = Object.entries(seconds).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
if (sorted.length === 0) {
  console.error('no durations: run the tests first');
  process.exit(1);
}
writeFileSync(path.join(root, 'tests', 'test-file-seconds.json'), `${JSON.stringify(Object.fromEntries(sorted), null, 1)}\n`);
console.log(`${sorted.length} files, ${sorted.reduce((s, [, n]) => s + n, 0)} s in all`);
