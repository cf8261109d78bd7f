import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { catalogueModules } from './vite-catalogues';
import { pdfWorkerBoot } from './vite-pdf-worker-boot';
import { pdfjsTextLayerCss } from './vite-pdfjs-css';

const here = dirname(fileURLToPath(import.meta.url));
const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/**
 * pdf.js fetches CMaps, standard fonts, ICC profiles and wasm decoders by directory URL at
 * run time; the machine is offline, so ship them next to the app under `pdfjs/`.
 */
function pdfjsDataFiles(): Plugin {
  const dirs = ['cmaps', 'standard_fonts', 'wasm', 'iccs'];
  return {
    name: 'ecabinet-pdfjs-data',
    apply: 'build',
    generateBundle() {
      for (const dir of dirs) {
        const abs = join(pdfjsRoot, dir);
        for (const name of readdirSync(abs)) {
          if (!statSync(join(abs, name)).isFile()) continue;
          this.emitFile({ type: 'asset', fileName: `pdfjs/${dir}/${name}`, source: readFileSync(join(abs, name)) });
        }
      }
    },
  };
}

/**
 * The entry script asked for at high priority: a module script is a deferred, low-priority
 * request, which Chromium holds back while the page's first requests (the bridge's calls) are in
 * flight, and the first screen waits for it more than for anything else.
 */
function entryFirst(): Plugin {
  return {
    name: 'ecabinet-entry-first',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html) => html.replace(/<script type="module" crossorigin src="/g, '<script type="module" crossorigin fetchpriority="high" src="'),
    },
  };
}

export default defineConfig({
  root: here,
  // Relative URLs so the same build works from the Electron custom protocol and a localhost host.
  base: './',
  publicDir: resolve(here, 'public'),
  esbuild: { jsx: 'automatic' },
  plugins: [pdfjsDataFiles(), catalogueModules(), pdfjsTextLayerCss(), entryFirst(), pdfWorkerBoot()],
  build: {
    outDir: resolve(here, '../dist/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    // Never inline assets as data: URLs into scripts; CSP and offline caching prefer files.
    assetsInlineLimit: 0,
    rollupOptions: {
      output: {
        // Everything the first screen loads is one chunk next to the entry: a handful of tiny shared
        // chunks would each be a request, and a browser opens only six connections to the host.
        codeSplitting: { groups: [{ name: 'first-screen', tags: ['$initial'] }] },
      },
    },
  },
  server: { fs: { allow: [resolve(here, '..')] } },
});
