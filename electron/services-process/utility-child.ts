/**
 * Electron's utilityProcess as a ServicesChild. Kept apart from electron/main.ts (and typed
 * structurally, without importing 'electron') so the same wiring is tested under Node.
 */
import type { ServicesChild } from './child';

/** What main.ts gets from `utilityProcess.fork(...)`, as far as the services need it. */
export interface UtilityProcessLike {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  on(event: 'spawn', listener: () => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export function utilityServicesChild(child: UtilityProcessLike): ServicesChild {
  let spawned = false;
  let exited = false;
  // Messages sent before 'spawn' wait: the child's parentPort exists only once it runs.
  const queued: unknown[] = [];
  const exitListeners: ((code: number | null) => void)[] = [];
  child.on('spawn', () => {
    spawned = true;
    for (const m of queued.splice(0)) child.postMessage(m);
  });
  child.on('exit', (code) => {
    exited = true;
    for (const l of exitListeners) l(code);
  });
  return {
    get pid() {
      return child.pid;
    },
    send(message) {
      if (exited) return;
      if (spawned) child.postMessage(message);
      else queued.push(message);
    },
    onMessage: (listener) => void child.on('message', listener),
    onExit(listener) {
      if (exited) listener(null);
      else exitListeners.push(listener);
    },
    kill(force) {
      if (exited) return;
      // utilityProcess.kill() is SIGTERM; a forced end goes through the pid.
      if (force && child.pid) process.kill(child.pid, 'SIGKILL');
      else child.kill();
    },
  };
}
