/**
 * The renderer the e2e tests serve: a Vite build of the current source, plus the bridge client
 * built the way scripts/build.mjs does it. Never reads or writes dist/, so a stale build cannot
 * fool the test. The build is kept in the temp folder under the hash of every file it is made
 * from, so the e2e files of one run (and their two workers) build it once, and any change of the
 * source makes a new one.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tool } from '../helpers/tool';
import { buildBridgeClient } from './bridge-client-build';

const root = path.resolve(__dirname, '../..');
const INPUT_DIRS = ['renderer', 'shared', 'electron/browser-host'];
const INPUT_FILES = ['package.json', 'package-lock.json', 'tsconfig.base.json', 'tsconfig.renderer.json'];

/**
 * The production build users get. Vitest sets NODE_ENV=test, which Vite would otherwise pass on:
 * React's development build then ran every e2e screen (several times the rendering CPU, and not
 * what ships).
 */
const BUILD_ENV = { NODE_ENV: 'production', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' };

function sourceHash(): string {
  const h = createHash('sha256');
  const add = (rel: string) => {
    h.update(rel).update('\0').update(readFileSync(path.join(root, rel))).update('\0');
  };
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(root, rel)).sort()) {
      const child = path.join(rel, name);
      if (statSync(path.join(root, child)).isDirectory()) walk(child);
      else add(child);
    }
  };
  // The recipe too: a build made another way (a development React) is not reused.
  h.update(`NODE_ENV=${BUILD_ENV.NODE_ENV}\0`);
  for (const d of INPUT_DIRS) walk(d);
  for (const f of INPUT_FILES) if (existsSync(path.join(root, f))) add(f);
  return h.digest('hex').slice(0, 20);
}

async function build(targetDir: string): Promise<void> {
  await tool(
    process.execPath,
    [
      path.join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'renderer/vite.config.ts',
      '--outDir',
      targetDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: root, env: BUILD_ENV },
  );
  const entry = readdirSync(path.join(targetDir, 'assets')).filter((f) => f.endsWith('.js'));
  if (entry.some((f) => readFileSync(path.join(targetDir, 'assets', f), 'utf8').includes('jsxDEV'))) {
    throw new Error('the e2e renderer was built with React\'s development runtime (jsxDEV): NODE_ENV did not reach Vite as production');
  }
  await buildBridgeClient(path.join(targetDir, 'bridge.js'));
}

/**
 * The source's hash, read once per test worker: the worker's files run one after another on the
 * same checkout, and hashing every renderer source again for each of them is needless reading.
 */
let hashOfSource: string | undefined;

/** The folder of the renderer built from the current source (built now if no earlier test did). */
export async function prepareRenderer(): Promise<string> {
  hashOfSource ??= sourceHash();
  const done = path.join(os.tmpdir(), `ecabinet-e2e-renderer-${hashOfSource}`);
  if (existsSync(path.join(done, 'bridge.js'))) return done;
  // Built aside and renamed whole: a folder under the final name is always complete.
  const aside = `${done}.building-${process.pid}`;
  try {
    await build(aside);
    try {
      renameSync(aside, done);
    } catch (e) {
      // Another worker finished the same build first: its folder is as good.
      if (!existsSync(path.join(done, 'bridge.js'))) throw e;
    }
  } finally {
    rmSync(aside, { recursive: true, force: true });
  }
  return done;
}
