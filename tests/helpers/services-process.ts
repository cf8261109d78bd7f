/**
 * The client services process for tests, real: electron/services-process/entry.ts bundled the
 * way scripts/build.mjs does it, run under child_process.fork. The bundle goes inside the
 * project (node_modules/.cache) so it finds the project's packages; never dist/, so a stale
 * build cannot fool a test.
 */
import crypto from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { forkServicesChild, type ForkOptions, type SpawnServicesChild } from '../../electron/services-process/child';
import type { ServicesStartOptions } from '../../electron/services-process/protocol';
import { ServicesProcess, type ServicesProcessOptions } from '../../electron/services-process/services-process';

const root = path.resolve(__dirname, '../..');
let built: Promise<string> | null = null;

/** Bundles the services entry once per test file; resolves to the .cjs path. */
export function buildServicesEntry(): Promise<string> {
  built ??= (async () => {
    const out = await build({
      entryPoints: [path.join(root, 'electron/services-process/entry.ts')],
      write: false,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      logLevel: 'silent',
    });
    const code = out.outputFiles[0].contents;
    // Named by content: test files running side by side share one file, and a changed source gets a new one.
    const dir = path.join(root, 'node_modules', '.cache', 'ecabinet-tests');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `services-${crypto.createHash('sha256').update(code).digest('hex').slice(0, 16)}.cjs`);
    if (!existsSync(file)) {
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, code);
      await rename(tmp, file);
    }
    return file;
  })();
  return built;
}

export async function forkServices(opts: ForkOptions = {}): Promise<SpawnServicesChild> {
  return forkServicesChild(await buildServicesEntry(), opts);
}

/** A services process on `start` options (browser mode unless told), restarted quickly in tests. */
export async function startServicesProcess(
  start: Partial<ServicesStartOptions> & Pick<ServicesStartOptions, 'dataDir' | 'defaultServerUrl'>,
  extra: Partial<Omit<ServicesProcessOptions, 'start'>> = {},
): Promise<ServicesProcess> {
  return ServicesProcess.start({
    spawn: extra.spawn ?? (await forkServices()),
    restartDelayMs: 50,
    ...extra,
    start: { mode: 'browser', version: '0.0.0-test', shellProtectsSecrets: false, ...start },
  });
}
