/** Independent validators the signing tests check our output with: qpdf, pdfsig (poppler + NSS), openssl cms. */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function tempDir(prefix = 'ecabinet-sign-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** `qpdf --check` exit status and output (0 = no problems, 3 = warnings). */
export function qpdfCheck(file: string): { status: number; output: string } {
  const r = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

export interface PdfsigSignature {
  field: string;
  validation: string;
  certificate: string;
  total: boolean;
}

/** Runs pdfsig with the test NSS database (no -no-ocsp, as the issue says) and parses each signature. */
export function pdfsig(file: string, nssDir: string): { signatures: PdfsigSignature[]; output: string } {
  const r = spawnSync('pdfsig', ['-nssdir', `sql:${nssDir}`, file], { encoding: 'utf8', timeout: 60_000 });
  return parsePdfsig(`${r.stdout}${r.stderr}`);
}

/** pdfsig without blocking the event loop: needed when it asks the test's own OCSP responder. */
export function pdfsigAsync(file: string, nssDir: string): Promise<{ signatures: PdfsigSignature[]; output: string }> {
  return new Promise((resolve) => {
    execFile('pdfsig', ['-nssdir', `sql:${nssDir}`, file], { encoding: 'utf8', timeout: 60_000 }, (_e, stdout, stderr) => resolve(parsePdfsig(`${stdout}${stderr}`)));
  });
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
export function opensslVerifyAll(bytes: Uint8Array, caFile: string): { status: number; output: string }[] {
  const dir = tempDir('ecabinet-cms-');
  try {
    return rawSignatures(bytes).map(({ byteRange: [a, b, c, d], cms }, i) => {
      const data = Buffer.concat([Buffer.from(bytes.subarray(a, a + b)), Buffer.from(bytes.subarray(c, c + d))]);
      const sigFile = path.join(dir, `sig${i}.der`);
      const dataFile = path.join(dir, `data${i}.bin`);
      writeFileSync(dataFile, data);
      writeFileSync(sigFile, cms);
      const r = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sigFile, '-content', dataFile, '-CAfile', caFile, '-out', '/dev/null'], { encoding: 'utf8' });
      const last = { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
      return last;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function sh(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): string {
  return execFileSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...opts.env }, cwd: opts.cwd });
}
