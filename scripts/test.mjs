// `npm test`: build, then the test suite, with lint and type checks running beside both at a low
// CPU priority (nice 10). The suite leaves about a quarter of two cores idle (its tests wait on
// browsers, sockets and disks); the checks (~100 s of CPU) fill that gap instead of costing a
// minute of their own before the tests. At normal priority they slowed the first, longest browser
// files 1.6–2×. Not the lowest priority (19): beside other busy processes that stay after the
// tests end, the checks would then hardly run at all. A failing check is printed at once and
// stops the run (exit 1); the checks' own output is printed when the tests end.
//
// Arguments are passed to vitest (e.g. `npm test -- tests/unit`). ECABINET_CHECKS=0 skips the checks.
// ECABINET_BEFORE_TESTS: a shell command run beside the build, that the tests wait for.
import { spawn } from 'node:child_process';
import os from 'node:os';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const CHECKS = ['lint:layers', 'lint:code', 'typecheck:node', 'typecheck:renderer'];
const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function run(cmd, args, opts = {}) {
  if (!Array.isArray(args)) [args, opts] = [[], args];
  return spawn(cmd, args, { env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' }, ...opts });
}

/** Resolves with the exit code (or 1 for a signal). */
const exited = (child) => new Promise((resolve) => child.on('close', (code, signal) => resolve(signal ? 1 : (code ?? 1))));

let stopping = false;
let tests = null;

const checkChildren = [];
const checkRuns = process.env.ECABINET_CHECKS === '0' ? [] : CHECKS.map((step) => {
  const since = Date.now();
  // POSIX: `nice` makes the whole process tree low priority from its first instruction.
  const child = process.platform === 'win32'
    ? run(npm, ['run', '--silent', step], { stdio: ['ignore', 'pipe', 'pipe'] })
    : run('nice', ['-n', '10', npm, 'run', '--silent', step], { stdio: ['ignore', 'pipe', 'pipe'] });
  if (process.platform === 'win32') {
    try {
      os.setPriority(child.pid, os.constants.priority.PRIORITY_LOW);
    } catch {
      // Priority is an optimisation only.
    }
  }
  checkChildren.push(child);
  const out = [];
  child.stdout.on('data', (d) => out.push(d));
  child.stderr.on('data', (d) => out.push(d));
  return exited(child).then((code) => {
    const report = `\n> ${step} (${seconds(since)})\n${Buffer.concat(out).toString()}`;
    if (code !== 0 && !stopping) {
      stopping = true;
      process.stdout.write(`${report}\n✗ ${step} failed: stopping the tests\n`);
      tests?.kill('SIGTERM');
    }
    return { step, code, report };
  });
});

// The tests need dist/ (the services bundle, the CLI, the workers): build first. Beside it, what
// ECABINET_BEFORE_TESTS names (setup-and-test.sh: compiling the native modules, a minute of one
// core that the checks' other core would otherwise wait through).
const prepared = await Promise.all([
  exited(run(npm, ['run', '--silent', 'build'], { stdio: 'inherit' })).then((code) => code === 0 || 'build'),
  process.env.ECABINET_BEFORE_TESTS
    ? exited(run(process.env.ECABINET_BEFORE_TESTS, { shell: true, stdio: 'inherit' })).then((code) => code === 0 || process.env.ECABINET_BEFORE_TESTS)
    : true,
]);
const unprepared = prepared.filter((p) => p !== true);
if (unprepared.length) {
  console.error(`\n✗ failed: ${unprepared.join(', ')}`);
  stopping = true;
  for (const c of checkChildren) c.kill('SIGTERM');
  process.exit(1);
}
tests = stopping ? null : run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });

const [testCode, checks] = await Promise.all([tests ? exited(tests) : 1, Promise.all(checkRuns)]);
for (const c of checks) if (c.code === 0) process.stdout.write(c.report);
const failed = checks.filter((c) => c.code !== 0).map((c) => c.step);
if (failed.length) console.error(`\n✗ failed: ${failed.join(', ')}`);
console.log(`\nnpm test: ${seconds(started)} in all`);
process.exit(testCode !== 0 || failed.length ? 1 : 0);
