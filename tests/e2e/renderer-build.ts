/**
 * The renderer the e2e tests serve: a fresh Vite build of the current source into a temp
 * folder (about a second), plus the bridge client built the way scripts/build.mjs does it.
 * Never reads or writes dist/, so a stale build cannot fool the test.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildBridgeClient } from './bridge-client-build';

const root = path.resolve(__dirname, '../..');

export async function prepareRenderer(targetDir: string): Promise<string> {
  await promisify(execFile)(
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
    { cwd: root, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } },
  );
  await buildBridgeClient(path.join(targetDir, 'bridge.js'));
  return targetDir;
}
