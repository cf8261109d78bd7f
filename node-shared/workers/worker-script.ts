/**
 * Where a worker thread's script is, for the desktop services and the server alike. The built
 * app runs bundles made by scripts/build.mjs (`dist/electron/workers/<name>.cjs`); tests and
 * benchmarks run the TypeScript sources, which a worker thread cannot load, so the entry is
 * bundled once per process with esbuild into node_modules/.cache (npm packages stay external,
 * resolved from the project's node_modules).
 */
import fs from 'node:fs';
import path from 'node:path';
import { codeDir, foldersUpFrom } from '../code-location';

/**
 * The worker entries and their sources (scripts/build.mjs builds the same list). One is a child
 * process's script rather than a thread's: the tool runner (node-shared/tool-runner), started
 * with child_process.fork.
 */
export const WORKER_SOURCES = {
  'pdf-text': 'electron/services/workers/pdf-text.worker.ts',
  signing: 'electron/services/workers/signing.worker.ts',
  sqlite: 'electron/services/workers/sqlite.worker.ts',
  'tool-runner': 'node-shared/tool-runner/tool-runner.process.ts',
  'upload-check': 'server/signing-workflow/upload-check.worker.ts',
  'version-diff': 'electron/services/workers/version-diff.worker.ts',
} as const;
export type WorkerName = keyof typeof WORKER_SOURCES;

/**
 * Set by scripts/build.mjs in the bundles that run the services: the folder of the built
 * worker scripts, relative to the bundle's own folder. Undefined when running from sources.
 */
declare const __ECABINET_WORKERS_DIR__: string | undefined;

/** The source of a worker entry, found upward from the running code or the working directory. */
function sourceEntry(name: WorkerName): string {
  const rel = WORKER_SOURCES[name];
  const starts = [codeDir(), process.cwd()].filter((d): d is string => !!d);
  for (const start of starts) {
    for (const dir of foldersUpFrom(start)) if (fs.existsSync(path.join(dir, rel))) return path.join(dir, rel);
  }
  throw new Error(`worker ${name}: neither a built script nor its source (${rel}) was found`);
}

/** The project folder holding a source file: its node_modules resolves the worker's packages. */
function projectRoot(file: string): string {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'node_modules'))) return dir;
    if (path.dirname(dir) === dir) return path.dirname(file);
  }
}

const compiled = new Map<WorkerName, Promise<string>>();

async function compileFromSource(name: WorkerName): Promise<string> {
  const entry = sourceEntry(name);
  const outDir = path.join(projectRoot(entry), 'node_modules', '.cache', 'ecabinet-workers');
  fs.mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, `${name}.${process.pid}.cjs`);
  const { build } = await import('esbuild');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'error',
  });
  // One file per process (test workers run side by side); removed when this process ends.
  process.once('exit', () => fs.rmSync(outfile, { force: true }));
  return outfile;
}

/** Path of the script to start for worker `name`. */
export function workerScript(name: WorkerName): Promise<string> {
  if (typeof __ECABINET_WORKERS_DIR__ === 'string') {
    const dir = codeDir();
    if (!dir) return Promise.reject(new Error('cannot locate the bundle folder'));
    return Promise.resolve(path.join(dir, __ECABINET_WORKERS_DIR__, `${name}.cjs`));
  }
  let p = compiled.get(name);
  if (!p) {
    p = compileFromSource(name);
    compiled.set(name, p);
    p.catch(() => compiled.delete(name));
  }
  return p;
}
