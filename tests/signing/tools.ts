/** Independent validators the signing tests check our output with: qpdf, pdfsig (poppler + NSS), openssl cms. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { check, tool } from '../helpers/tool';

export function tempDir(prefix = 'ecabinet-sign-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A checker's exit status and what it printed (stdout then stderr). Run by the tool runner: a fork
 * of the test worker itself costs tens of ms of CPU per run, and the signing tests run these
 * checkers hundreds of times.
 */
async function checked(cmd: string, args: string[]): Promise<{ status: number; output: string }> {
  const { status, output } = await check(cmd, args, { timeoutMs: 60_000 });
  return { status, output };
}

/** `qpdf --check` exit status and output (0 = no problems, 3 = warnings). */
export function qpdfCheck(file: string): Promise<{ status: number; output: string }> {
  return checked('qpdf', ['--check', file]);
}

export interface PdfsigSignature {
  field: string;
  validation: string;
  certificate: string;
  total: boolean;
}

/** Runs pdfsig with the test NSS database (no -no-ocsp: it asks the test's own OCSP responder) and parses each signature. */
export async function pdfsig(file: string, nssDir: string): Promise<{ signatures: PdfsigSignature[]; output: string }> {
  return parsePdfsig((await checked('pdfsig', ['-nssdir', `sql:${nssDir}`, file])).output);
}

function parsePdfsig(output: string): { signatures: PdfsigSignature[]; output: string } {
  const signatures = output.split(/^Signature #\d+:/m).slice(1).map((block) => ({
    field: /Signature Field Name: (.*)/.exec(block)?.[1]?.trim() ?? '',
    validation: /Signature Validation: (.*)/.exec(block)?.[1]?.trim() ?? '',
    certificate: /Certificate Validation: (.*)/.exec(block)?.[1]?.trim() ?? '',
    total: /Total document signed/.test(block) && !/Not total document signed/.test(block),
  }));
  return { signatures, output };
}

/** Extracts every /ByteRange + /Contents pair from raw bytes (independently of our parser). */
export function rawSignatures(bytes: Uint8Array): { byteRange: number[]; cms: Buffer }[] {
  const s = Buffer.from(bytes).toString('latin1');
  const out: { byteRange: number[]; cms: Buffer }[] = [];
  for (const m of s.matchAll(/\/ByteRange\s*\[\s*([\d\s]+)\]/g)) {
    const br = m[1].trim().split(/\s+/).map(Number);
    const hex = s.slice(br[1] + 1, br[2] - 1);
    out.push({ byteRange: br, cms: derPrefix(Buffer.from(hex, 'hex')) });
  }
  return out;
}

/** The DER element at the start of the zero-padded /Contents (all of it when the length is indefinite). */
function derPrefix(b: Buffer): Buffer {
  const first = b[1];
  if (first < 0x80) return b.subarray(0, 2 + first);
  const n = first & 0x7f;
  if (n === 0) return b;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[2 + i];
  return b.subarray(0, 2 + n + len);
}

/** `openssl cms -verify` over the signed byte ranges of each signature; returns the exit statuses. */
export async function opensslVerifyAll(bytes: Uint8Array, caFile: string): Promise<{ status: number; output: string }[]> {
  const dir = tempDir('ecabinet-cms-');
  try {
    return await Promise.all(rawSignatures(bytes).map(({ byteRange: [a, b, c, d], cms }, i) => {
      const data = Buffer.concat([Buffer.from(bytes.subarray(a, a + b)), Buffer.from(bytes.subarray(c, c + d))]);
      const sigFile = path.join(dir, `sig${i}.der`);
      const dataFile = path.join(dir, `data${i}.bin`);
      writeFileSync(dataFile, data);
      writeFileSync(sigFile, cms);
      return checked('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sigFile, '-content', dataFile, '-CAfile', caFile, '-out', '/dev/null']);
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A program's stdout as text (throws with its stderr when it fails); `env` adds to the environment. */
export async function sh(cmd: string, args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}): Promise<string> {
  return (await tool(cmd, args, { env: opts.env, cwd: opts.cwd })).toString('utf8');
}
