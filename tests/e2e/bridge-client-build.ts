/** Builds electron/browser-host/bridge-client.ts the way scripts/build.mjs does, for tests. */
import path from 'node:path';
import { build } from 'esbuild';

export async function buildBridgeClient(outFile: string): Promise<void> {
  await build({
    entryPoints: [path.resolve(__dirname, '../../electron/browser-host/bridge-client.ts')],
    outfile: outFile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  });
}
