/** The `ecabinet` command bundled like `npm run build` does, and run as a user runs it (without blocking the test's own servers). */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(__dirname, '../..');

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

export async function bundleCli(): Promise<{ run: (args: string[], env?: Record<string, string>) => Promise<CliRun>; remove: () => void }> {
  // Next to node_modules so the external packages resolve.
  const out = path.join(root, 'node_modules', '.cache', `ecabinet-cli-lt-${process.pid}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(out, { recursive: true });
  const cli = path.join(out, 'cli.cjs');
  await build({ bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', entryPoints: [path.join(root, 'cli/main.ts')], outfile: cli, logLevel: 'warning' });
  const run = (args: string[], env: Record<string, string> = {}) =>
    new Promise<CliRun>((resolve) => {
      const child = spawn(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
    });
  return { run, remove: () => rmSync(out, { recursive: true, force: true }) };
}
