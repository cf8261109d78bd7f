/**
 * The services process's side of its channel to the shell: Electron's `process.parentPort` in a
 * utility process, Node's IPC channel under child_process.fork (browser mode, tests).
 */
import type { ServicesToHost } from './protocol';

export interface ShellLink {
  /** Resolves once the message has left this process (so exiting right after cannot drop it). */
  send(message: ServicesToHost): Promise<void>;
  onMessage(listener: (message: unknown) => void): void;
  /** The shell went away. Only Node's IPC reports it; Electron ends its utility processes with the app. */
  onShellGone(listener: () => void): void;
}

/** Electron's ParentPort, structurally (this module must not import 'electron'). */
interface ParentPortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

export function connectToShell(): ShellLink {
  const parentPort = (process as { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) {
    return {
      send: async (message) => parentPort.postMessage(message),
      onMessage: (listener) => void parentPort.on('message', (e) => listener(e.data)),
      onShellGone: () => {},
    };
  }
  const send = process.send?.bind(process);
  if (send) {
    return {
      send: (message) =>
        new Promise<void>((resolve) => {
          // After a disconnect there is no one to tell; the message is dropped on purpose.
          if (!process.connected) return resolve();
          send(message, undefined, undefined, () => resolve());
        }),
      onMessage: (listener) => void process.on('message', listener),
      onShellGone: (listener) => void process.once('disconnect', listener),
    };
  }
  throw new Error('The eCabinet services process must be started by the app (utilityProcess or child_process.fork)');
}
