/**
 * The tool runner's own process (started by run-tool.ts with child_process.fork): it starts the
 * external programs its parent asks for and sends back how each ended and what it printed.
 *
 * Why a process of its own: starting a program forks the process that asks, and a fork copies
 * that process's page tables. From a server holding a few hundred MB that costs 20–100 ms of CPU
 * per program on the virtual machines we run on (a 500 MB process: ~45 ms, parent and child
 * together), and the server runs one for every uploaded PDF. This process stays small (Node's
 * builtins only), so each program it starts costs ~5 ms.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { ToolJob, ToolRunnerMessage } from './protocol';

const running = new Map<number, { child: ChildProcess; detached: boolean }>();

function send(message: ToolRunnerMessage): void {
  // The parent may be gone (it exited): nothing is waiting for the answer then.
  if (process.connected) process.send!(message, undefined, undefined, () => undefined);
}

function stop(id: number): void {
  const job = running.get(id);
  if (!job?.child.pid) return;
  try {
    // A detached job leads its own process group: the program and whatever it started.
    if (job.detached) process.kill(-job.child.pid, 'SIGKILL');
    else job.child.kill('SIGKILL');
  } catch {
    job.child.kill('SIGKILL');
  }
}

function run(job: ToolJob): void {
  let child: ChildProcess;
  try {
    child = spawn(job.cmd, job.args, {
      cwd: job.cwd,
      // The environment this process was started with, plus what the job adds.
      env: job.env ? { ...process.env, ...job.env } : process.env,
      detached: job.detached ?? false,
      stdio: [job.input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    send({ type: 'failed', id: job.id, message: e instanceof Error ? e.message : String(e), code: (e as NodeJS.ErrnoException).code });
    return;
  }
  running.set(job.id, { child, detached: job.detached ?? false });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (c: Buffer) => out.push(c));
  child.stderr!.on('data', (c: Buffer) => err.push(c));
  if (job.input) {
    // A program that exits without reading all of its input is not an error of ours.
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(Buffer.from(job.input));
  }
  let timedOut = false;
  const timer = job.timeoutMs
    ? setTimeout(() => {
        timedOut = true;
        stop(job.id);
      }, job.timeoutMs)
    : null;
  let failed = false;
  child.once('error', (e: NodeJS.ErrnoException) => {
    failed = true;
    if (timer) clearTimeout(timer);
    running.delete(job.id);
    send({ type: 'failed', id: job.id, message: e.message, code: e.code });
  });
  child.once('close', (code, signal) => {
    if (timer) clearTimeout(timer);
    running.delete(job.id);
    if (failed) return;
    send({ type: 'done', id: job.id, code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err), timedOut });
  });
}

process.on('message', (m: { type: 'run'; job: ToolJob } | { type: 'stop'; id: number }) => {
  if (m.type === 'run') run(m.job);
  else stop(m.id);
});

// The parent ended (or dropped this process): its programs are of no use to anyone any more.
process.on('disconnect', () => {
  for (const id of running.keys()) stop(id);
  process.exit(0);
});
