/**
 * The services process's entry (dist/electron/services.cjs): runs the services bundle
 * (services-main.cjs, next to it) with V8's code cache, so that a start after the first does not
 * parse and compile the ~1 MB bundle again.
 *
 * The cache is a file in the folder the shell names in ECABINET_CODE_CACHE_DIR (the app's private
 * data folder), named after the bundle's SHA-256 and the V8 version and architecture: after an
 * upgrade (another bundle or another V8) the old file is never read, and it is removed when the
 * new one is written. V8 checks the file again and rejects one it cannot use (then it is written
 * anew); a file that cannot be read or written changes nothing but the speed. Without the
 * variable the bundle simply runs.
 *
 * The cache is written once, when there was none (or V8 refused it): a few seconds after the
 * start, or when the process ends before that, so it holds the functions the start ran.
 *
 * Node built-ins only: this file is bundled on its own and runs before anything else.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

export const CODE_CACHE_DIR_ENV = 'ECABINET_CODE_CACHE_DIR';

/** How long after the start the cache is written (the first screen has been answered by then). */
const WRITE_AFTER_MS = 3_000;

export interface CodeCacheRun {
  /** 'used': V8 took the cache; 'rejected': there was one, V8 refused it; 'none': no cache file; 'off': no cache folder. */
  cache: 'used' | 'rejected' | 'none' | 'off';
  /** Writes the cache now if it is due (tests; otherwise done by a timer or at exit). */
  writeNow(): void;
}

const CACHE_PREFIX = 'services-';

/** Runs a CommonJS bundle as Node would, through the code cache in `cacheDir` (if given). */
export function runWithCodeCache(bundleFile: string, cacheDir: string | undefined, writeAfterMs = WRITE_AFTER_MS): CodeCacheRun {
  const source = readFileSync(bundleFile, 'utf8');
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 32);
  const cacheFile = cacheDir ? path.join(cacheDir, `${CACHE_PREFIX}${hash}-v8-${process.versions.v8}-${process.arch}.bin`) : null;
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // None yet (first start, or after an upgrade).
    }
  }
  const script = new vm.Script(Module.wrap(source), { filename: bundleFile, cachedData });
  const cache: CodeCacheRun['cache'] = !cacheFile ? 'off' : !cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';

  let due = cache === 'none' || cache === 'rejected';
  const writeNow = () => {
    if (!due || !cacheFile) return;
    due = false;
    clearTimeout(timer);
    process.off('exit', writeNow);
    writeCache(cacheFile, script.createCachedData());
  };
  const timer = due ? setTimeout(writeNow, writeAfterMs) : undefined;
  timer?.unref();
  if (due) process.once('exit', writeNow);

  const mod = new Module(bundleFile, module);
  mod.filename = bundleFile;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(bundleFile));
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  run.call(mod.exports, mod.exports, createRequire(bundleFile), mod, bundleFile, path.dirname(bundleFile));
  mod.loaded = true;
  return { cache, writeNow };
}

/** Writes the file whole or not at all (0600 in a 0700 folder), and drops the caches of other bundles. */
function writeCache(file: string, data: Buffer): void {
  try {
    const dir = path.dirname(file);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, data, { mode: 0o600 });
    renameSync(tmp, file);
    for (const name of readdirSync(dir)) {
      if (name.startsWith(CACHE_PREFIX) && name !== path.basename(file)) rmSync(path.join(dir, name), { force: true });
    }
  } catch (e) {
    // Only the next start's speed depends on it.
    console.error('[ecabinet] the code cache was not written:', e instanceof Error ? e.message : e);
  }
}
