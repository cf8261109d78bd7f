/**
 * The shell's handle on one services process, whatever started it: Node's child_process.fork
 * (browser mode, tests) or Electron's utilityProcess (see utility-child.ts).
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { CODE_CACHE_DIR_ENV } from './code-cache';
import { servicesProcessEnv, servicesProcessExecArgv } from './malloc-env';
import type { HostToServices, ServicesStartOptions } from './protocol';

export interface ServicesChild {
  readonly pid: number | undefined;
  send(message: HostToServices): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once, when the process has ended (for any reason). */
  onExit(listener: (code: number | null) => void): void;
  /** Asks the process to end (SIGTERM); `force` ends it at once (SIGKILL). */
  kill(force?: boolean): void;
}

export type SpawnServicesChild = () => ServicesChild;

export interface ForkOptions {
  /** Extra environment (the rest is inherited). */
  env?: NodeJS.ProcessEnv;
  execArgv?: string[];
  /**
   * Sent as the `start` message as soon as the process is forked, so it starts the services as
   * soon as its code is loaded, before the shell has loaded its side of the channel (which sends
   * the same `start` again: the process takes the first). What it says before anyone listens waits.
   */
  start?: ServicesStartOptions;
  /** Where the process keeps V8's code cache of its bundle (see code-cache.ts); none if unset. */
  codeCacheDir?: string;
}

/** The code cache's folder in a data folder (private to the user, as the data folder is). */
export function codeCacheDir(dataDir: string): string {
  return path.join(dataDir, 'code-cache');
}

/** Runs the services entry (dist/electron/services.cjs) under Node with an IPC channel. */
export function forkServicesChild(entryFile: string, opts: ForkOptions = {}): SpawnServicesChild {
  return () => {
    const child = fork(entryFile, [], {
      // Structured clone, as Electron's parentPort does: both transports carry the same values.
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...servicesProcessEnv(), ...opts.env, ...(opts.codeCacheDir ? { [CODE_CACHE_DIR_ENV]: opts.codeCacheDir } : {}) },
      execArgv: servicesProcessExecArgv(opts.execArgv),
    });
    let exited = false;
    const exitListeners: ((code: number | null) => void)[] = [];
    // Messages that arrive before the shell listens (see `start`) are kept for its first listener.
    let early: unknown[] | null = [];
    const messageListeners: ((message: unknown) => void)[] = [];
    child.on('message', (message) => {
      if (early) early.push(message);
      for (const l of messageListeners) l(message);
    });
    child.once('exit', (code) => {
      exited = true;
      for (const l of exitListeners) l(code);
    });
    // A spawn failure also ends in 'exit'; without this listener it would throw.
    child.on('error', (e) => console.error('[ecabinet] services process error:', e.message));
    const handle: ServicesChild = {
      get pid() {
        return child.pid;
      },
      send(message) {
        if (!exited && child.connected) child.send(message, (e) => e && console.error('[ecabinet] services message not sent:', e.message));
      },
      onMessage(listener) {
        messageListeners.push(listener);
        const waiting = early;
        early = null;
        for (const m of waiting ?? []) listener(m);
      },
      onExit(listener) {
        if (exited) listener(child.exitCode);
        else exitListeners.push(listener);
      },
      kill(force) {
        if (!exited) child.kill(force ? 'SIGKILL' : 'SIGTERM');
      },
    };
    if (opts.start) handle.send({ kind: 'start', options: opts.start });
    return handle;
  };
}
