// Builds everything the app runs from: the renderer (Vite) and the Node-side bundles (esbuild).
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (p) => path.join(root, p);
const quiet = process.argv.includes('--quiet');

await viteBuild({ configFile: at('renderer/vite.config.ts'), logLevel: quiet ? 'warn' : 'info' });

const node = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };
// Worker threads of the client services and of the server (the list of
// node-shared/workers/worker-script.ts), next to main.cjs so the desktop package ships them; each
// bundle that runs them is told where they are, relative to its own folder.
const workers = {
  'pdf-text': 'electron/services/workers/pdf-text.worker.ts',
  signing: 'electron/services/workers/signing.worker.ts',
  sqlite: 'electron/services/workers/sqlite.worker.ts',
  'upload-check': 'server/signing-workflow/upload-check.worker.ts',
  'version-diff': 'electron/services/workers/version-diff.worker.ts',
};
const workersDir = (fromDir) => ({ __ECABINET_WORKERS_DIR__: JSON.stringify(path.relative(at(fromDir), at('dist/electron/workers'))) });
await Promise.all([
  // Main process and the CLI: npm packages stay external (native better-sqlite3, electron).
  esbuild({ ...node, packages: 'external', define: workersDir('dist/electron'), entryPoints: [at('electron/main.ts')], outfile: at('dist/electron/main.cjs') }),
  // The client services process, started by Electron main (utilityProcess) and by the browser host (fork).
  esbuild({ ...node, packages: 'external', define: workersDir('dist/electron'), entryPoints: [at('electron/services-process/entry.ts')], outfile: at('dist/electron/services.cjs') }),
  esbuild({ ...node, packages: 'external', define: workersDir('dist'), entryPoints: [at('cli/main.ts')], outfile: at('dist/cli.cjs') }),
  ...Object.entries(workers).map(([name, source]) =>
    esbuild({ ...node, packages: 'external', entryPoints: [at(source)], outfile: at(`dist/electron/workers/${name}.cjs`) }),
  ),
  // A sandboxed preload may require only 'electron': bundle everything else into it.
  esbuild({ ...node, external: ['electron'], entryPoints: [at('electron/preload.ts')], outfile: at('dist/electron/preload.cjs') }),
  // Browser mode's bridge client; a no-op under Electron, where the preload defined window.ecabinet.
  esbuild({
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'warning',
    entryPoints: [at('electron/browser-host/bridge-client.ts')],
    outfile: at('dist/renderer/bridge.js'),
  }),
]);
if (!quiet) console.log('build: dist/ ready');
