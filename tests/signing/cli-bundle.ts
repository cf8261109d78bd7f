/** The `ecabinet` command as built by `npm run build`, run as a user runs it (without blocking the test's own servers). */
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** The built `ecabinet` command (`npm test` builds before the tests run), run as a user runs it. */
export async function bundleCli(): Promise<{ run: (args: string[], env?: Record<string, string>) => Promise<CliRun>; remove: () => void }> {
  const cli = path.join(root, 'bin', 'ecabinet.cjs');
  const run = (args: string[], env: Record<string, string> = {}) =>
    new Promise<CliRun>((resolve) => {
      const child = spawn(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
    });
  return { run, remove: () => undefined };
}
