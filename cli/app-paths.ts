import fs from 'node:fs';
import path from 'node:path';

let root: string | null = null;

/** The project folder (holds package.json and dist/), found upward from this bundle or the working directory (once). */
export function appRoot(): string {
  root ??= findAppRoot();
  return root;
}

function findAppRoot(): string {
  const starts = [typeof __dirname === 'string' ? __dirname : '', process.cwd()].filter(Boolean);
  for (const start of starts) {
    let dir = path.resolve(start);
    for (;;) {
      const pkg = path.join(dir, 'package.json');
      if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'ecabinet') return dir;
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error('Không tìm thấy thư mục eCabinet (cannot find the eCabinet folder)');
}

export function appVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(appRoot(), 'package.json'), 'utf8')).version as string;
}

/** The client services process's entry (built by scripts/build.mjs). */
export function servicesEntryFile(): string {
  return path.join(appRoot(), 'dist', 'electron', 'services.cjs');
}

export function rendererDir(): string {
  return process.env.ECABINET_RENDERER_DIR ?? path.join(appRoot(), 'dist', 'renderer');
}

/**
 * The Electron executable if its binary was downloaded (node_modules/electron/path.txt).
 * Never calls require('electron'): that would try to download it, which fails offline.
 */
export function electronExecutable(): string | null {
  try {
    const pkgDir = path.join(appRoot(), 'node_modules', 'electron');
    const pathTxt = path.join(pkgDir, 'path.txt');
    if (!fs.existsSync(pathTxt)) return null;
    const exe = path.join(pkgDir, 'dist', fs.readFileSync(pathTxt, 'utf8').trim());
    return fs.existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}
