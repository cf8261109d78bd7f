import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];

/** A fresh temp folder, removed by `removeTempDirs()` (call it in afterAll). */
export function tempDir(prefix = 'ecab-client-'): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(d);
  return d;
}

export function removeTempDirs(): void {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** Polls until a state is reached (shared with the other suites). */
export { waitFor } from '../../helpers/wait-for';
