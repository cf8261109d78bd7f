/**
 * The bundled Liberation Serif 2.x fonts (Vietnamese glyphs) the official documents embed, and
 * where to find them: in the source tree, next to the CommonJS bundle, or in a packaged app.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../shared/errors';

export const FONT_FILES = {
  regular: 'LiberationSerif-Regular.ttf',
  bold: 'LiberationSerif-Bold.ttf',
  italic: 'LiberationSerif-Italic.ttf',
  boldItalic: 'LiberationSerif-BoldItalic.ttf',
} as const;
export type FontStyle = keyof typeof FONT_FILES;

/** The directory of this module, in ESM (tests, tsx) and in the CommonJS bundle (dist/cli.cjs). */
function moduleDir(): string | undefined {
  if (typeof __dirname === 'string') return __dirname;
  try {
    return path.dirname(fileURLToPath(import.meta.url));
  } catch {
    return undefined;
  }
}

/** Directories that may hold `resources/fonts`, most specific first. */
function fontDirCandidates(): string[] {
  const dirs: string[] = [];
  const env = process.env.ECABINET_RESOURCES;
  if (env) dirs.push(path.join(env, 'fonts'), env);
  dirs.push(path.join(process.cwd(), 'resources', 'fonts'));
  const start = moduleDir();
  if (start) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      dirs.push(path.join(dir, 'resources', 'fonts'));
      if (path.dirname(dir) === dir) break;
    }
  }
  // Packaged Electron app: extraResources live next to app.asar.
  const resourcesPath = (process as { resourcesPath?: unknown }).resourcesPath;
  if (typeof resourcesPath === 'string') {
    dirs.push(path.join(resourcesPath, 'resources', 'fonts'), path.join(resourcesPath, 'fonts'));
  }
  return dirs;
}

/**
 * Absolute path of a bundled font, e.g. fontPath('LiberationSerif-Regular.ttf'). Looks in
 * $ECABINET_RESOURCES/fonts, ./resources/fonts, and resources/fonts above this module.
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
  throw new AppError('internal', `Font ${name} not found; set ECABINET_RESOURCES to the resources folder`, {
    font: name,
    searched: tried,
  });
}

const fontBytes = new Map<FontStyle, Uint8Array>();
export function loadFont(style: FontStyle): Uint8Array {
  let bytes = fontBytes.get(style);
  if (!bytes) {
    bytes = readFileSync(fontPath(FONT_FILES[style]));
    fontBytes.set(style, bytes);
  }
  return bytes;
}
