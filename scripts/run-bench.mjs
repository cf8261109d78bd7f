// Runs the benchmarks: every bench/*.ts script (bundled with esbuild, then run with Node; each
// prints its figures next to a baseline measured in the same run), then any vitest
// bench/**/*.bench.ts files, and ends with ONE table of every row the scripts reported in the
// common format of bench/lib/report.ts (see bench/README.md). Not part of `npm test`.
// `node scripts/run-bench.mjs cli-start reader` runs only the scripts whose names contain those words.
import { build } from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'bench');
const outDir = path.join(root, 'dist', 'bench');
const only = process.argv.slice(2);

// scripts/setup-and-test.sh compiles SQLite at -O1 (it compiles in half the time): the figures of
// such a build are not the app's.
if (existsSync(path.join(root, 'node_modules', 'better-sqlite3-multiple-ciphers', 'build', 'compiled-for-tests'))) {
  console.error('SQLite was compiled for the tests (-O1), not as the app ships. First: npm rebuild better-sqlite3-multiple-ciphers');
  process.exit(1);
}

const scripts = readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.bench.ts') && !f.endsWith('.d.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
const esbuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  // Bundled CommonJS helpers may call require() and read __dirname (test helpers finding scripts/
  // two folders up: dist/bench/ is as deep as tests/helpers/); give the ESM bundle both.
  banner: {
    js: [
      "import { createRequire as __cr } from 'node:module';",
      "import { fileURLToPath as __fp } from 'node:url';",
      'const require = __cr(import.meta.url);',
      'const __filename = __fp(import.meta.url);',
      "const __dirname = __fp(new URL('.', import.meta.url));",
    ].join(' '),
  },
};

// The row format's reader, the same code the benches print with.
const reportModule = path.join(outDir, 'lib', 'report.mjs');
await build({ ...esbuildOptions, entryPoints: [path.join(benchDir, 'lib', 'report.ts')], outfile: reportModule });
const { parseRow, formatValue, formatRatio } = await import(pathToFileURL(reportModule).href);

/** Runs one built bench, passing its output through but its machine lines; resolves its rows and exit code. */
function runBench(outfile, name) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--enable-source-maps', '--expose-gc', outfile], { stdio: ['ignore', 'pipe', 'inherit'], cwd: root });
    const rows = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      const row = parseRow(line);
      if (row) rows.push({ ...row, bench: row.bench || name });
      else console.log(line);
    });
    child.on('close', (code) => resolve({ rows, code }));
  });
}

let failed = false;
const allRows = [];
for (const file of scripts) {
  const outfile = path.join(outDir, file.replace(/\.ts$/, '.mjs'));
  await build({ ...esbuildOptions, entryPoints: [path.join(benchDir, file)], outfile });
  console.log(`\n=== ${file} ===`);
  const { rows, code } = await runBench(outfile, file.replace(/\.ts$/, ''));
  allRows.push(...rows);
  // A bench that does not report rows yet still gets a line: the table says where its figures are.
  if (rows.length === 0 && code === 0) allRows.push({ bench: file.replace(/\.ts$/, ''), measure: '(no BENCH-ROW lines: its figures are in its output above)', unit: '', ours: NaN, baseline: null });
  if (code !== 0) {
    failed = true;
    allRows.push({ bench: file.replace(/\.ts$/, ''), measure: `FAILED (exit ${code})`, unit: '', ours: NaN, baseline: null });
  }
}
if (only.length === 0 && readdirSync(benchDir, { recursive: true }).some((f) => String(f).endsWith('.bench.ts'))) {
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'bench', '--run'], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed = true;
}
if (!existsSync(outDir)) console.log('no benchmarks found');
printSummary(allRows);

/** Every reported measure in one table: ours, the baseline of the same run, the ratio, the target. */
function printSummary(rows) {
  if (rows.length === 0) return;
  const lines = [
    ['bench', 'measure', 'ours', 'baseline', 'ratio', 'target'],
    ...rows.map((r) => [r.bench, r.measure, formatValue(r.ours, r.unit), formatValue(r.baseline, r.unit), formatRatio(r.ours, r.baseline), r.target ?? '']),
  ];
  const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => String(l[c]).length)));
  console.log('\n=== all measures (ours vs the baseline measured in the same run) ===');
  for (const l of lines) console.log(l.map((v, c) => String(v).padEnd(widths[c])).join('  ').trimEnd());
}
process.exit(failed ? 1 : 0);
