// Runs npm scripts side by side, each one's output printed whole when it ends so the log reads
// as if they ran one after another; a step after `--stream` prints as it goes (the tests: a
// long run must show its progress). Exits non-zero if any failed. `npm test` builds first (the
// tests need it), then lints and type-checks beside the tests: the test run leaves a share of
// the two cores idle (its processes wait on each other), which the checks fill. It passes the
// halves of lint and typecheck as steps of their own: run one after the other, the node type
// check kept one core busy alone for the last half minute.
import { spawn } from 'node:child_process';

const args = process.argv.slice(2);
const streamAt = args.indexOf('--stream');
const steps = streamAt < 0 ? args : args.filter((a) => a !== '--stream');
const streamed = new Set(streamAt < 0 ? [] : args.slice(streamAt + 1));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** What a step printed, kept for the end (a streamed step has printed already). */
const reports = [];
const runs = steps.map(
  (step) =>
    new Promise((resolve) => {
      const started = Date.now();
      const live = streamed.has(step);
      const child = spawn(npm, ['run', '--silent', step], { stdio: ['ignore', live ? 'inherit' : 'pipe', live ? 'inherit' : 'pipe'], env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' } });
      const out = [];
      child.stdout?.on('data', (d) => out.push(d));
      child.stderr?.on('data', (d) => out.push(d));
      child.on('close', (code, signal) => {
        const failed = code !== 0 ? `\n✗ ${step} failed (${signal ?? `exit ${code}`})\n` : '';
        const report = `\n> ${step} (${((Date.now() - started) / 1000).toFixed(1)} s)\n${Buffer.concat(out)}${failed}`;
        // Printed as it ends when nothing streams (the log reads step by step); otherwise after
        // the streamed step, not in the middle of its output.
        if (streamed.size === 0) process.stdout.write(report);
        else reports.push(report);
        resolve(code === 0);
      });
    }),
);
const ok = (await Promise.all(runs)).every(Boolean);
for (const r of reports) process.stdout.write(r);
process.exit(ok ? 0 : 1);
