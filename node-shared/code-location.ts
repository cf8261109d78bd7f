/**
 * Where the running code is, for finding files shipped beside it (fonts, worker scripts). In a
 * bundle (dist/…, CommonJS) that is the bundle's own folder; from sources (tests, tsx) it is this
 * folder. Either way the project's files are found by walking up from it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function codeDir(): string | undefined {
  if (typeof __dirname === 'string') return __dirname;
  try {
    return path.dirname(fileURLToPath(import.meta.url));
  } catch {
    return undefined;
  }
}

/** `start` and each folder above it, up to the filesystem root. */
export function foldersUpFrom(start: string): string[] {
  const dirs: string[] = [];
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    dirs.push(dir);
    if (path.dirname(dir) === dir) return dirs;
  }
}
