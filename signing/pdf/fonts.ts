/**
 * The embedded Vietnamese font for signature appearances: Liberation Serif 2.x (OFL, metric-
 * compatible with Times New Roman, which Decree 30/2020 names). Same lookup and fontkit
 * workaround as server/pdf/fonts.ts, whose PDFs reuse `subsettingFontkit` from here
 * (signing/ may not import server/, the reverse is allowed).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PDFDocument } from '@cantoo/pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { AppError } from '../../shared/errors';

export const FONT_FILES = { regular: 'LiberationSerif-Regular.ttf', bold: 'LiberationSerif-Bold.ttf' } as const;

function moduleDir(): string | undefined {
  if (typeof __dirname === 'string') return __dirname;
  try {
    return path.dirname(fileURLToPath(import.meta.url));
  } catch {
    return undefined;
  }
}

function fontDirs(): string[] {
  const dirs: string[] = [];
  if (process.env.ECABINET_RESOURCES) dirs.push(path.join(process.env.ECABINET_RESOURCES, 'fonts'), process.env.ECABINET_RESOURCES);
  dirs.push(path.join(process.cwd(), 'resources', 'fonts'));
  const start = moduleDir();
  if (start) for (let dir = start; ; dir = path.dirname(dir)) {
    dirs.push(path.join(dir, 'resources', 'fonts'));
    if (path.dirname(dir) === dir) break;
  }
  const resourcesPath = (process as { resourcesPath?: unknown }).resourcesPath;
  if (typeof resourcesPath === 'string') dirs.push(path.join(resourcesPath, 'resources', 'fonts'), path.join(resourcesPath, 'fonts'));
  return dirs;
}

const cache = new Map<string, Uint8Array>();
export function fontBytes(file: string): Uint8Array {
  let bytes = cache.get(file);
  if (!bytes) {
    const found = fontDirs().map((d) => path.join(d, file)).find((f) => existsSync(f));
    if (!found) throw new AppError('internal', `Font ${file} not found; set ECABINET_RESOURCES to the resources folder`);
    bytes = readFileSync(found);
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
