/** Serving the built renderer from disk without ever leaving its folder. */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticLookup =
  | { kind: 'file'; file: string; size: number }
  | { kind: 'not_found' }
  | { kind: 'forbidden' };

/**
 * Maps a raw request path (before any URL normalisation) to a file inside `rootDir`.
 * Refuses "..", encoded separators, NUL and anything whose real path (after symlinks) is
 * outside the root. "/" is index.html; an extension-less path that is not a file falls back
 * to index.html (client-side routes).
 */
export async function lookupStaticFile(rootDir: string, rawPath: string): Promise<StaticLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { kind: 'forbidden' };
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return { kind: 'forbidden' };
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return { kind: 'forbidden' };
  // Dotfiles are never part of a build.
  if (segments.some((s) => s.startsWith('.'))) return { kind: 'not_found' };

  const root = await realpath(rootDir);
  const candidate = segments.length === 0 ? path.join(root, 'index.html') : path.join(root, ...segments);
  const found = await fileInside(root, candidate);
  if (found) return found;
  const last = segments[segments.length - 1] ?? '';
  if (!last.includes('.')) {
    const index = await fileInside(root, path.join(root, 'index.html'));
    if (index) return index;
  }
  return { kind: 'not_found' };
}

async function fileInside(root: string, candidate: string): Promise<StaticLookup | null> {
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    return null;
  }
  const rel = path.relative(root, real);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { kind: 'forbidden' };
  const info = await stat(real);
  if (!info.isFile()) return null;
  return { kind: 'file', file: real, size: info.size };
}
