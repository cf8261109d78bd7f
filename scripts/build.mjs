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
// Worker threads of the client services (electron/services/workers/*.worker.ts), next to main.cjs
// so the desktop package ships them; each bundle that runs the services is told where they are,
// relative to its own folder (see electron/services/workers/worker-script.ts).
const workers = ['pdf-text', 'signing', 'sqlite'];
const workersDir = (fromDir) => ({ __ECABINET_WORKERS_DIR__: JSON.stringify(path.relative(at(fromDir), at('dist/electron/workers'))) });
await Promise.all([
  // Main process and the CLI: npm packages stay external (native better-sqlite3, electron).
  esbuild({ ...node, packages: 'external', define: workersDir('dist/electron'), entryPoints: [at('electron/main.ts')], outfile: at('dist/electron/main.cjs') }),
  // The client services process, started by Electron main (utilityProcess) and by the browser host (fork).
  esbuild({ ...node, packages: 'external', define: workersDir('dist/electron'), entryPoints: [at('electron/services-process/entry.ts')], outfile: at('dist/electron/services.cjs') }),
  esbuild({ ...node, packages: 'external', define: workersDir('dist'), entryPoints: [at('cli/main.ts')], outfile: at('dist/cli.cjs') }),
  ...workers.map((w) =>
    esbuild({ ...node, packages: 'external', entryPoints: [at(`electron/services/workers/${w}.worker.ts`)], outfile: at(`dist/electron/workers/${w}.cjs`) }),
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
