import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import type { Plugin } from 'vite';
import type { Locale, Messages } from '../shared/i18n';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * `virtual:ecabinet-catalogue/<locale>`: one language's strings (shared/i18n), as a module of its
 * own. The sources keep both languages of a capability in one file, and a module goes whole into
 * one chunk: imported from there, the first screen would load every language. Built, each is the
 * catalogue as JSON (JSON.parse reads it faster than the same object literal); served by Vite's
 * dev server, the language's source module (edits reload).
 */
export function catalogueModules(): Plugin {
  const prefix = 'virtual:ecabinet-catalogue/';
  let serving = false;
  let catalogues: Promise<Record<Locale, Messages>> | null = null;
  // The catalogues' TypeScript sources, bundled and run here once per build.
  const load = async () => {
    const out = await esbuild({ entryPoints: [resolve(here, '../shared/i18n/index.ts')], bundle: true, format: 'cjs', platform: 'neutral', write: false, logLevel: 'warning' });
    const module = { exports: {} as { messages?: Record<Locale, Messages> } };
    new Function('module', 'exports', out.outputFiles[0].text)(module, module.exports);
    if (!module.exports.messages) throw new Error('shared/i18n exports no messages');
    return module.exports.messages;
  };
  return {
    name: 'ecabinet-catalogues',
    configResolved(config) {
      serving = config.command === 'serve';
    },
    resolveId(id) {
      return id.startsWith(prefix) ? `\0${id}` : undefined;
    },
    async load(id) {
      if (!id.startsWith(`\0${prefix}`)) return undefined;
      const locale = id.slice(prefix.length + 1);
      if (!/^[a-z]{2}$/.test(locale)) throw new Error(`no catalogue for ${locale}`);
      if (serving) return `export { ${locale} as default } from ${JSON.stringify(resolve(here, `../shared/i18n/${locale}.ts`))};`;
      const strings = (await (catalogues ??= load()))[locale as Locale];
      if (!strings) throw new Error(`no catalogue for ${locale}`);
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(strings))});`;
    },
  };
}
