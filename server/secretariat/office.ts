/**
 * Office formats (.docx, .xlsx…) become PDF with LibreOffice headless, when it is installed on
 * the server. Without it the secretariat is told plainly that only PDF is accepted.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AppError } from '../../shared/errors';

const run = promisify(execFile);
export const CONVERT_TIMEOUT_MS = 120_000;

/** `soffice` / `libreoffice` on PATH (or $ECABINET_SOFFICE), else null. */
export function findSoffice(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.ECABINET_SOFFICE) return existsSync(env.ECABINET_SOFFICE) ? env.ECABINET_SOFFICE : null;
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of ['soffice', 'libreoffice']) {
      const p = path.join(dir, name);
      if (existsSync(p)) return p;
    }
  }
  return null;
}

/** Converts one office file's bytes to PDF bytes. */
export async function convertOfficeToPdf(bytes: Uint8Array, fileName: string, soffice = findSoffice()): Promise<Uint8Array> {
  if (!soffice) throw new AppError('office_conversion_unavailable', 'LibreOffice is not installed: only PDF is accepted');
  const dir = await mkdtemp(path.join(tmpdir(), 'ecab-convert-'));
  try {
    const ext = path.extname(fileName).toLowerCase().replace(/[^.a-z]/g, '') || '.docx';
    const input = path.join(dir, `input${ext}`);
    await writeFile(input, bytes);
    // A private profile dir: parallel conversions must not share LibreOffice's lock.
    await run(soffice, [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, input], {
      timeout: CONVERT_TIMEOUT_MS,
    });
    return await readFile(path.join(dir, 'input.pdf'));
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('not_pdf', 'LibreOffice could not convert the file', { fileName });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
