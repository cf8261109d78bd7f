// Builds everything the app runs from: the renderer (Vite) and the Node-side bundles (esbuild).
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (p) => path.join(root, p);
const quiet = process.argv.includes('--quiet');
// Vite's notice about a future config loader says nothing to someone starting the app.
if (quiet) process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';

// What ships is React's production build, whatever NODE_ENV the caller has (Vitest sets `test`,
// which Vite would pass on to React: its development build).
process.env.NODE_ENV = 'production';
await viteBuild({ configFile: at('renderer/vite.config.ts'), logLevel: quiet ? 'warn' : 'info' });

const node = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };
// Worker threads of the client services and of the server, and the tool runner's process (the list of
// node-shared/workers/worker-script.ts), next to main.cjs so the desktop package ships them; each
// bundle that runs them is told where they are, relative to its own folder.
const workers = {
  'pdf-text': 'electron/services/workers/pdf-text.worker.ts',
  signing: 'electron/services/workers/signing.worker.ts',
  sqlite: 'electron/services/workers/sqlite.worker.ts',
  'tool-runner': 'node-shared/tool-runner/tool-runner.process.ts',
  'upload-check': 'server/signing-workflow/upload-check.worker.ts',
  'version-diff': 'electron/services/workers/version-diff.worker.ts',
};
const workersDir = (fromDir) => ({ __ECABINET_WORKERS_DIR__: JSON.stringify(path.relative(at(fromDir), at('dist/electron/workers'))) });

// npm packages stay outside the CLI's ES modules and are loaded with require(), as in the CommonJS
// bundles: the same (CommonJS) builds of every package, one instance each, native modules as they are.
// Except the certificate and inflate libraries of `verify`, which only the CLI's own code uses:
// bundled (tree-shaken) they load in a fraction of the time that resolving their many files takes.
const builtins = new Set(builtinModules);
// zod too (every command that checks a message loads it; the app's host at each start), with the
// one package built on it (fastify-type-provider-zod), so that one copy of zod serves them both.
const bundledPackages = /^(pkijs|asn1js|pvtsutils|pvutils|bytestreamjs|@noble\/hashes|tslib|fflate|zod|fastify-type-provider-zod)(\/|$)/;
const requirePackages = {
  name: 'require-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.namespace !== 'npm' && bundledPackages.test(args.path)) return undefined;
      if (args.path.startsWith('node:') || builtins.has(args.path) || args.namespace === 'npm') return { path: args.path, external: true };
      return { path: args.path, namespace: 'npm' };
    });
    b.onLoad({ filter: /.*/, namespace: 'npm' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

/**
 * The `ecabinet` command: ES modules split at each command's import() (dist/cli/), so a command
 * loads only its own code and libraries (`--help` none). dist/cli.cjs is the entry bin/ecabinet.cjs
 * runs. The banner gives every chunk the CommonJS names the sources and the packages expect.
 */
async function buildCli() {
  const outdir = at('dist/cli');
  await rm(outdir, { recursive: true, force: true });
  await esbuild({
    ...node,
    format: 'esm',
    splitting: true,
    entryPoints: { main: at('cli/main.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    define: workersDir('dist/cli'),
    plugins: [requirePackages, zodEnglishOnly],
    banner: {
      js: [
        "import { createRequire as __ecRequire } from 'node:module';",
        "import { fileURLToPath as __ecPath } from 'node:url';",
        'const require = __ecRequire(import.meta.url);',
        'const __filename = __ecPath(import.meta.url);',
        "const __dirname = __ecPath(new URL('.', import.meta.url));",
      ].join(' '),
    },
  });
  await mkdir(at('dist'), { recursive: true });
  await writeFile(
    at('dist/cli.cjs'),
    "// Built by scripts/build.mjs: the CLI's ES modules are in ./cli/.\n" +
      "import(require('node:url').pathToFileURL(require('node:path').join(__dirname, 'cli', 'main.mjs')).href);\n",
  );
}

/**
 * npm packages stay external (required at run time), except those named here, bundled into the
 * output: the services process loads zod at every start, and one tree-shaken copy in the bundle
 * loads in a fraction of the time that resolving and compiling its ~100 files takes. The services
 * process is a program of its own: no other copy of zod shares its schemas.
 */
const externalPackagesExcept = (bundled) => ({
  name: 'external-packages-except',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (bundled.test(args.path) ? undefined : { path: args.path, external: true }));
  },
});

/**
 * zod's translations of its own error messages into ~45 languages (`z.locales`, a quarter of a
 * bundle holding zod): nothing here uses them (English is zod's default and our messages are our
 * own), so a bundle keeps only English.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: path.join(path.dirname(args.importer), args.path), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(path.join(path.dirname(args.path), 'en.js'))};`,
      loader: 'js',
      resolveDir: path.dirname(args.path),
    }));
  },
};

await Promise.all([
  // Main process and the CLI: npm packages stay external (native better-sqlite3, electron).
  esbuild({ ...node, packages: 'external', define: workersDir('dist/electron'), entryPoints: [at('electron/main.ts')], outfile: at('dist/electron/main.cjs') }),
  // The client services process, started by Electron main (utilityProcess) and by the browser host (fork).
  esbuild({
    ...node,
    plugins: [externalPackagesExcept(/^zod(\/|$)/), zodEnglishOnly],
    // A package loaded on demand (ws, piscina) is require()d: an import() would start Node's ES
    // module loader, which parses the package's CommonJS files once more to find their exports.
    supported: { 'dynamic-import': false },
    define: workersDir('dist/electron'),
    entryPoints: [at('electron/services-process/entry.ts')],
    outfile: at('dist/electron/services-main.cjs'),
  }),
  // What the shells start: the bundle above through V8's code cache (services-process/code-cache.ts).
  esbuild({ ...node, entryPoints: [at('electron/services-process/start.ts')], outfile: at('dist/electron/services.cjs') }),
  buildCli(),
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
