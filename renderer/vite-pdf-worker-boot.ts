import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const BOOT_SOURCE = fileURLToPath(new URL('./src/pdf/early-worker-boot.ts', import.meta.url));
/** The boot script's name next to index.html: the page asks for it by this name (index.html). */
const PDF_WORKER_BOOT = 'pdf-worker-boot.js';
/** pdf.js's worker script as the build emits it (renderer/src/pdf/pdfjs.ts imports it with `?url`). */
const WORKER_ASSET = /(^|\/)pdf\.worker\.min-[\w-]+\.mjs$/;

/**
 * Emits the page's boot script (renderer/src/pdf/early-worker-boot.ts) as a classic script of its
 * own, given the hashed URL of pdf.js's worker in this build: it runs while the app's code is still
 * downloading, which a module of the app's bundle cannot. A build without the worker has none.
 */
export function pdfWorkerBoot(): Plugin {
  return {
    name: 'ecabinet-pdf-worker-boot',
    apply: 'build',
    async generateBundle(_options, bundle) {
      const worker = Object.values(bundle).find((f) => f.type === 'asset' && WORKER_ASSET.test(f.fileName));
      if (!worker) return;
      const out = await build({
        entryPoints: [BOOT_SOURCE],
        bundle: true,
        write: false,
        format: 'iife',
        platform: 'browser',
        target: 'es2022',
        minify: true,
        logLevel: 'warning',
        define: { __PDF_WORKER_URL__: JSON.stringify(`./${worker.fileName}`) },
      });
      this.emitFile({ type: 'asset', fileName: PDF_WORKER_BOOT, source: out.outputFiles[0].text });
    },
  };
}
