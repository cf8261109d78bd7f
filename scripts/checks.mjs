// The checks before the tests — lint, type-check, build — run side by side (they are
// independent; the tests need all of them), each one's output printed whole when it ends so
// the log reads as if they ran one after another. Exits non-zero if any failed. `npm test`
// passes the halves of lint and typecheck as steps of their own: run one after the other, the
// node type check kept one core busy alone for the last half minute.
import { spawn } from 'node:child_process';

const steps = process.argv.slice(2);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const runs = steps.map(
  (step) =>
    new Promise((resolve) => {
      const started = Date.now();
      const child = spawn(npm, ['run', '--silent', step], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' } });
      const out = [];
      child.stdout.on('data', (d) => out.push(d));
      child.stderr.on('data', (d) => out.push(d));
      child.on('close', (code, signal) => {
        process.stdout.write(`\n> ${step} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
        process.stdout.write(Buffer.concat(out));
        if (code !== 0) process.stdout.write(`\n✗ ${step} failed (${signal ?? `exit ${code}`})\n`);
        resolve(code === 0);
      });
    }),
);
const ok = (await Promise.all(runs)).every(Boolean);
process.exit(ok ? 0 : 1);
