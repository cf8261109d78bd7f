// Runs the benchmarks: every bench/*.ts script (bundled with esbuild, then run with Node; each
// prints its figures next to a baseline measured in the same run), then any vitest
// bench/**/*.bench.ts files. Not part of `npm test`.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'bench');
const outDir = path.join(root, 'dist', 'bench');
const only = process.argv.slice(2);

const scripts = readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.bench.ts') && !f.endsWith('.d.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
let failed = false;
for (const file of scripts) {
  const outfile = path.join(outDir, file.replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [path.join(benchDir, file)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
    // Bundled CommonJS helpers may call require() and read __dirname (tests/helpers/postgres.ts: dist/bench/../.. is the root, as tests/helpers/../.. is).
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fp } from 'node:url'; const require = __cr(import.meta.url); const __dirname = __fp(new URL('.', import.meta.url));",
    },
  });
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(process.execPath, ['--enable-source-maps', '--expose-gc', outfile], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed = true;
}
if (only.length === 0 && readdirSync(benchDir, { recursive: true }).some((f) => String(f).endsWith('.bench.ts'))) {
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'bench', '--run'], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed = true;
}
if (!existsSync(outDir)) console.log('no benchmarks found');
process.exit(failed ? 1 : 0);
