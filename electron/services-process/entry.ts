/**
 * The client services process: bundled to dist/electron/services.cjs and started by either shell
 * (Electron main through utilityProcess.fork, the browser-mode host through child_process.fork).
 * Keeps the database, sync, blob downloads and uploads off the shell's event loop.
 */
import { serveShell } from './serve-shell';
import { connectToShell } from './shell-link';

// Ctrl+C in a terminal reaches the whole process group: the shell decides when we close.
process.on('SIGINT', () => {});
serveShell(connectToShell());
