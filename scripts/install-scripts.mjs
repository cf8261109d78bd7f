// The installed packages that have install scripts, from the lock file, for setup-and-test.sh:
// `--native` the ones that compile (a binding.gyp), `--light` the others. Read from the lock so
// that a new native dependency is compiled without anyone editing the setup script.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const want = process.argv[2];
if (want !== '--native' && want !== '--light') {
  console.error('usage: node scripts/install-scripts.mjs --native|--light');
  process.exit(2);
}
const names = [];
for (const [where, pkg] of Object.entries(lock.packages)) {
  if (!pkg.hasInstallScript || !where.startsWith('node_modules/') || !existsSync(where)) continue;
  const native = existsSync(path.join(where, 'binding.gyp'));
  if (native === (want === '--native')) names.push(where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length));
}
console.log(names.join(' '));
