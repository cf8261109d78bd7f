/**
 * Office formats (.docx, .xlsx, .pptx, .odt…) become PDF with LibreOffice headless
 * (`soffice`, Debian's libreoffice-*-nogui). Without it the secretariat is told plainly that only
 * PDF is accepted.
 *
 * LibreOffice parses files from outside, so each conversion runs in its own process group with a
 * private profile folder (parallel instances would share its lock), a time limit after which
 * the whole group is killed (soffice starts soffice.bin, which a plain kill would leave behind),
 * and a queue: one conversion at a time (two cores serve everybody), a few per account waiting.
 * A file LibreOffice cannot open is refused with the reason the secretariat can act on.
 *
 * A profile folder LibreOffice makes on its first start costs it ~15% more time than one it has
 * used before; so the converter makes one profile once, from a file of its own (never a user's),
 * and each conversion starts on a private copy of it.
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { AppError } from '../../shared/errors';

export const CONVERT_TIMEOUT_MS = 120_000;

export type OfficeConversionFailure = 'password_protected' | 'unreadable' | 'timeout' | 'empty';

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

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const OOXML = new Set(['.docx', '.xlsx', '.pptx']);
const ODF = new Set(['.odt', '.ods', '.odp']);

/** The stream an encrypted Office Open XML file keeps its package in, as its OLE directory names it (UTF-16LE). */
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

function isOle(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, OLE_MAGIC.length)).equals(OLE_MAGIC);
}

function odfManifestEncrypted(bytes: Uint8Array): boolean {
  try {
    const manifest = unzipSync(bytes, { filter: (f) => f.name === 'META-INF/manifest.xml' })['META-INF/manifest.xml'];
    return !!manifest && Buffer.from(manifest).toString('utf8').includes('encryption-data');
  } catch {
    return false; // not a zip at all
  }
}

/**
 * A file that surely needs a password, told from its bytes before LibreOffice starts (it could
 * not be given one, and would spend seconds finding that out): an Office Open XML file encrypted
 * as Office does it (an OLE container holding an "EncryptedPackage" stream; an old binary .doc
 * renamed .docx is OLE too but has none, and LibreOffice may still open it), or an OpenDocument
 * file whose manifest lists encryption data.
 */
export function surelyPasswordProtected(bytes: Uint8Array, ext: string): boolean {
  if (OOXML.has(ext)) return isOle(bytes) && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(ENCRYPTED_PACKAGE);
  return ODF.has(ext) && odfManifestEncrypted(bytes);
}

/**
 * Why LibreOffice could not open the file, as far as its bytes tell: an Office Open XML file that
 * is an OLE container instead of a zip was most likely encrypted some other way. (Files that
 * surely need a password never reach LibreOffice: surelyPasswordProtected.)
 */
export function whyUnreadable(bytes: Uint8Array, ext: string): OfficeConversionFailure {
  return OOXML.has(ext) && isOle(bytes) ? 'password_protected' : 'unreadable';
}

function refused(reason: OfficeConversionFailure, fileName: string, message: string): AppError {
  return new AppError('office_conversion_failed', message, { reason, fileName });
}

/** Runs soffice in its own process group; on timeout the whole group is killed. */
function runSoffice(soffice: string, args: string[], timeoutMs: number): Promise<'done' | 'timeout'> {
  return new Promise((resolve, reject) => {
    const child = spawn(soffice, args, { detached: true, stdio: 'ignore' });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(timedOut ? 'timeout' : 'done');
    });
  });
}

export interface OfficeConverterOptions {
  /** The soffice binary; null: LibreOffice is not installed. */
  soffice: string | null;
  timeoutMs: number;
  /** Conversions waiting or running, per account and in all. */
  perAccount: number;
  maxWaiting: number;
  /** Where conversions and the profile template get their folders (the system's temporary folder if not given). */
  workDir?: string;
}

/** Profile templates of this process, removed when it exits. */
const templates = new Set<string>();
let removingTemplatesOnExit = false;
function removeTemplatesOnExit(dir: string): void {
  templates.add(dir);
  if (removingTemplatesOnExit) return;
  removingTemplatesOnExit = true;
  process.once('exit', () => {
    for (const d of templates) rmSync(d, { recursive: true, force: true });
  });
}

/**
 * A LibreOffice profile folder made by converting a line of our own text, or null when that
 * failed (each conversion then lets LibreOffice make its own profile, as before).
 */
async function makeProfileTemplate(soffice: string, timeoutMs: number, workDir: string): Promise<string | null> {
  const dir = await mkdtemp(path.join(workDir, 'ecab-office-profile-'));
  removeTemplatesOnExit(dir);
  const profile = path.join(dir, 'profile');
  try {
    const input = path.join(dir, 'warm.txt');
    await writeFile(input, 'eCabinet\n');
    const outcome = await runSoffice(soffice, [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', path.join(dir, 'out'), input], timeoutMs);
    if (outcome === 'done' && existsSync(path.join(dir, 'out', 'warm.pdf')) && existsSync(profile)) return profile;
  } catch {
    // soffice could not start: each conversion will say so itself
  }
  await rm(dir, { recursive: true, force: true });
  templates.delete(dir);
  return null;
}

export class OfficeConverter {
  private running: Promise<unknown> = Promise.resolve();
  private template: Promise<string | null> | null = null;
  private readonly queued = new Map<string, number>();
  private waiting = 0;

  constructor(private readonly opts: OfficeConverterOptions) {}

  get available(): boolean {
    return this.opts.soffice !== null;
  }

  /** The PDF of one office file (`file` on disk, named `fileName` by the user) for `userId`. */
  async convert(userId: string, file: string, fileName: string): Promise<Uint8Array> {
    const soffice = this.opts.soffice;
    if (!soffice) throw new AppError('office_conversion_unavailable', 'LibreOffice is not installed: only PDF is accepted');
    if ((this.queued.get(userId) ?? 0) >= this.opts.perAccount)
      throw new AppError('rate_limited', 'files of yours are still being converted: send again when they are done', { retryAfterSeconds: 10 });
    if (this.waiting >= this.opts.maxWaiting) throw new AppError('rate_limited', 'the converter is busy: send again shortly', { retryAfterSeconds: 30 });
    this.queued.set(userId, (this.queued.get(userId) ?? 0) + 1);
    this.waiting++;
    const turn = this.running.then(() => this.convertNow(soffice, file, fileName));
    this.running = turn.catch(() => undefined);
    try {
      return await turn;
    } finally {
      const left = (this.queued.get(userId) ?? 1) - 1;
      if (left > 0) this.queued.set(userId, left);
      else this.queued.delete(userId);
      this.waiting--;
    }
  }

  private async convertNow(soffice: string, file: string, fileName: string): Promise<Uint8Array> {
    if ((await stat(file)).size === 0) throw refused('empty', fileName, 'the file is empty');
    const workDir = this.opts.workDir ?? tmpdir();
    const dir = await mkdtemp(path.join(workDir, 'ecab-convert-'));
    try {
      const ext = path.extname(fileName).toLowerCase().replace(/[^.a-z]/g, '') || '.docx';
      const input = path.join(dir, `input${ext}`);
      const bytes = await readFile(file);
      if (surelyPasswordProtected(bytes, ext)) throw refused('password_protected', fileName, 'the file is protected by a password');
      await writeFile(input, bytes);
      const profile = path.join(dir, 'profile');
      const template = await (this.template ??= makeProfileTemplate(soffice, this.opts.timeoutMs, workDir));
      if (template) {
        try {
          await cp(template, profile, { recursive: true });
        } catch {
          // The template is gone (a cleaner of temporary folders, on a server running for weeks):
          // this conversion makes its own profile; the next one makes a template again.
          this.template = null;
          await rm(profile, { recursive: true, force: true });
        }
      }
      const outcome = await runSoffice(
        soffice,
        [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, input],
        this.opts.timeoutMs,
      );
      if (outcome === 'timeout') throw refused('timeout', fileName, `conversion took longer than ${Math.round(this.opts.timeoutMs / 1000)} s`);
      const output = path.join(dir, 'input.pdf');
      if (!existsSync(output)) throw refused(whyUnreadable(bytes, ext), fileName, 'LibreOffice could not open the file');
      return await readFile(output);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

export const DEFAULT_OFFICE_CONVERTER: Omit<OfficeConverterOptions, 'soffice'> = { timeoutMs: CONVERT_TIMEOUT_MS, perAccount: 3, maxWaiting: 12 };

let shared: OfficeConverter | null = null;
/** The server process's converter (LibreOffice found on PATH or $ECABINET_SOFFICE at first use). */
export function officeConverter(): OfficeConverter {
  shared ??= new OfficeConverter({ soffice: findSoffice(), ...DEFAULT_OFFICE_CONVERTER });
  return shared;
}
