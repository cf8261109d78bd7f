/**
 * Runs an external program (pdftotext, tesseract, openssl…) through this process's tool runner:
 * one small child process, started on first use, that starts the programs (see
 * tool-runner.process.ts for why: a fork of a large process is expensive). Several programs may
 * run at once. The runner does not keep this process alive when no program is running, and ends
 * when this process does.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { workerScript } from '../workers/worker-script';
import type { ToolJob, ToolRunnerMessage } from './protocol';

export interface ToolResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: Buffer;
  /** Killed because it ran past `timeoutMs`. */
  timedOut: boolean;
  /** Killed because the caller's signal aborted. */
  stopped: boolean;
}

export interface ToolOptions {
  cwd?: string;
  env?: Record<string, string>;
  input?: Uint8Array;
  timeoutMs?: number;
  /** Run it as the leader of its own process group; a timeout or a stop kills the whole group. */
  detached?: boolean;
  signal?: AbortSignal;
}

/** A program could not be started at all (not installed, no such folder…). */
export class ToolStartError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'ToolStartError';
  }
}

interface Pending {
  resolve: (r: ToolResult) => void;
  reject: (e: Error) => void;
  stopped: boolean;
}

let runner: Promise<ChildProcess> | null = null;
/** The runner's process once started (`runner` resolved). */
let current: ChildProcess | null = null;
const pending = new Map<number, Pending>();
let nextId = 1;

const toBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** The IPC channel keeps this process alive only while a program runs. */
function holdWhileBusy(child: ChildProcess): void {
  if (pending.size > 0) child.channel?.ref();
  else child.channel?.unref();
}

function startRunner(): Promise<ChildProcess> {
  return workerScript('tool-runner').then((script) => {
    // No inherited Node flags (a test worker's loaders, a profiler): the runner stays minimal.
    const child = fork(script, [], { serialization: 'advanced', execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.unref();
    child.on('message', (m: ToolRunnerMessage) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      holdWhileBusy(child);
      if (m.type === 'failed') p.reject(new ToolStartError(m.message, m.code));
      else p.resolve({ code: m.code, signal: m.signal, stdout: toBuffer(m.stdout), stderr: toBuffer(m.stderr), timedOut: m.timedOut, stopped: false });
    });
    child.once('exit', (code, signal) => {
      if (current === child) {
        runner = null;
        current = null;
      }
      // Programs it was running are killed with it (it stops them when it ends); their callers learn why.
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(new Error(`the tool runner process ended (${signal ?? `exit code ${code}`})`));
      }
    });
    child.on('error', () => undefined);
    current = child;
    holdWhileBusy(child);
    return child;
  });
}

export function runTool(cmd: string, args: string[], opts: ToolOptions = {}): Promise<ToolResult> {
  if (opts.signal?.aborted) {
    return Promise.resolve({ code: null, signal: null, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), timedOut: false, stopped: true });
  }
  if (!runner) {
    runner = startRunner();
    runner.catch(() => (runner = null));
  }
  return runner.then(
    (child) =>
      new Promise<ToolResult>((resolve, reject) => {
        const id = nextId++;
        const done = () => opts.signal?.removeEventListener('abort', onAbort);
        const entry: Pending = {
          stopped: false,
          resolve: (r) => {
            done();
            resolve({ ...r, stopped: entry.stopped });
          },
          reject: (e) => {
            done();
            reject(e);
          },
        };
        const onAbort = () => {
          entry.stopped = true;
          child.send({ type: 'stop', id });
        };
        pending.set(id, entry);
        holdWhileBusy(child);
        opts.signal?.addEventListener('abort', onAbort, { once: true });
        const job: ToolJob = { id, cmd, args, cwd: opts.cwd, env: opts.env, input: opts.input, timeoutMs: opts.timeoutMs, detached: opts.detached };
        child.send({ type: 'run', job }, (e) => {
          if (!e || !pending.has(id)) return;
          pending.delete(id);
          holdWhileBusy(child);
          entry.reject(e);
        });
      }),
  );
}
