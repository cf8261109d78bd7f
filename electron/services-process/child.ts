/**
 * The shell's handle on one services process, whatever started it: Node's child_process.fork
 * (browser mode, tests) or Electron's utilityProcess (see utility-child.ts).
 */
import { fork } from 'node:child_process';
import { servicesProcessEnv } from './malloc-env';
import type { HostToServices } from './protocol';

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
}

/** Runs the services entry (dist/electron/services.cjs) under Node with an IPC channel. */
export function forkServicesChild(entryFile: string, opts: ForkOptions = {}): SpawnServicesChild {
  return () => {
    const child = fork(entryFile, [], {
      // Structured clone, as Electron's parentPort does: both transports carry the same values.
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...servicesProcessEnv(), ...opts.env },
      execArgv: opts.execArgv ?? [],
    });
    let exited = false;
    const exitListeners: ((code: number | null) => void)[] = [];
    child.once('exit', (code) => {
      exited = true;
      for (const l of exitListeners) l(code);
    });
    // A spawn failure also ends in 'exit'; without this listener it would throw.
    child.on('error', (e) => console.error('[ecabinet] services process error:', e.message));
    return {
      get pid() {
        return child.pid;
      },
      send(message) {
        if (!exited && child.connected) child.send(message, (e) => e && console.error('[ecabinet] services message not sent:', e.message));
      },
      onMessage: (listener) => void child.on('message', listener),
      onExit(listener) {
        if (exited) listener(child.exitCode);
        else exitListeners.push(listener);
      },
      kill(force) {
        if (!exited) child.kill(force ? 'SIGKILL' : 'SIGTERM');
      },
    };
  };
}
