/**
 * The built `ecabinet server` (bin/ecabinet.cjs) in a process of its own, as an administrator
 * runs it: for tests that kill it, restart it or run several instances, and for benches that keep
 * the server's work off their own thread. Needs `npm run build` first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** bin/ecabinet.cjs (this folder and dist/bench/, where benches are bundled, are as deep). */
export const ECABINET_BIN = path.resolve(__dirname, '../../bin/ecabinet.cjs');

export interface ServerProcess {
  child: ChildProcess;
  /** Its address (http or https) once it prints it; rejects if it exits first, or after `deadlineMs`. */
  url: Promise<string>;
  exited: Promise<void>;
  /** Everything it has printed so far, standard output and error. */
  output(): string;
  /** SIGTERM, then its exit. */
  stop(): Promise<void>;
}

/** Starts `ecabinet server <args>` (--data or --db and --blobs, --port…). */
export function spawnServer(args: string[], opts: { deadlineMs?: number } = {}): ServerProcess {
  const child = spawn(process.execPath, [ECABINET_BIN, 'server', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    const timer = opts.deadlineMs === undefined ? undefined : setTimeout(() => reject(new Error(`server did not start: ${output}`)), opts.deadlineMs);
    const read = (d: Buffer) => {
      output += d.toString();
      const m = /(https?:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited ${code}: ${output}`));
    });
  });
  url.catch(() => undefined);
  return {
    child,
    url,
    exited,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
