/**
 * The embedded Vietnamese font for signature appearances: Liberation Serif 2.x (OFL, metric-
 * compatible with Times New Roman, which Decree 30/2020 names), and the app's one font lookup
 * and fontkit workaround: the server's official documents (server/pdf/fonts.ts) use both from
 * here (signing/ may not import server/, the reverse is allowed).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PDFDocument } from '@cantoo/pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { AppError } from '../../shared/errors';
import { codeDir, foldersUpFrom } from '../../node-shared/code-location';

export const FONT_FILES = { regular: 'LiberationSerif-Regular.ttf', bold: 'LiberationSerif-Bold.ttf' } as const;

/** Directories that may hold `resources/fonts`, most specific first. */
function fontDirCandidates(): string[] {
  const dirs: string[] = [];
  const env = process.env.ECABINET_RESOURCES;
  if (env) dirs.push(path.join(env, 'fonts'), env);
  dirs.push(path.join(process.cwd(), 'resources', 'fonts'));
  const start = codeDir();
  if (start) for (const dir of foldersUpFrom(start)) dirs.push(path.join(dir, 'resources', 'fonts'));
  // Packaged Electron app: extraResources live next to app.asar.
  const resourcesPath = (process as { resourcesPath?: unknown }).resourcesPath;
  if (typeof resourcesPath === 'string') dirs.push(path.join(resourcesPath, 'resources', 'fonts'), path.join(resourcesPath, 'fonts'));
  return dirs;
}

/**
 * Absolute path of a bundled font, e.g. fontPath('LiberationSerif-Regular.ttf'). Looks in
 * $ECABINET_RESOURCES/fonts, ./resources/fonts, resources/fonts above the running code, and beside a
 * packaged app. The one font lookup: the server's official documents use it too.
 */
export function fontPath(name: string): string {
  if (!name || name !== path.basename(name) || name.startsWith('.')) {
    throw new AppError('bad_request', `Invalid font file name: ${JSON.stringify(name)}`);
  }
  const tried = fontDirCandidates();
  for (const dir of tried) {
    const file = path.join(dir, name);
    if (existsSync(file)) return file;
  }
  throw new AppError('internal', `Font ${name} not found; set ECABINET_RESOURCES to the resources folder`, { font: name, searched: tried });
}

const cache = new Map<string, Uint8Array>();
export function fontBytes(file: string): Uint8Array {
  let bytes = cache.get(file);
  if (!bytes) {
    bytes = readFileSync(fontPath(file));
    cache.set(file, bytes);
  }
  return bytes;
}

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
/**
 * @cantoo/pdf-lib calls `subset.encode()` with no argument when it exists, but in
 * @pdf-lib/fontkit `encode(stream)` needs a stream; hiding it makes pdf-lib use `encodeStream()`.
 * Fonts are parsed per document (fontkit caches glyphs with their first code points).
 */
export const subsettingFontkit: Fontkit = {
  create(buffer: Uint8Array, postscriptName?: string) {
    const font = fontkit.create(buffer as Buffer, postscriptName);
    const createSubset = font.createSubset.bind(font);
    (font as { createSubset: () => unknown }).createSubset = () => {
      const subset = createSubset() as unknown as Record<string | symbol, unknown>;
      return new Proxy(subset, {
        get(target, key) {
          if (key === 'encode') return undefined;
          const value = target[key];
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    };
    return font as unknown as ReturnType<Fontkit['create']>;
  },
};
