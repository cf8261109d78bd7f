/**
 * `ecabinet sign` and `ecabinet verify` as a user runs them: real bundle, real files, exit
 * statuses. What is about the process (help, a usage mistake without a stack trace, a PKCS#11
 * library loaded into it) runs the bundle in a process of its own; signing and verifying files
 * run the same entry function in this process (`runCliInProcess`), a second or two less each.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from '@cantoo/pdf-lib';
import { VerificationReport } from '../../shared/signing';
import { runCliInProcess } from '../helpers/cli-in-process';
import { createTestPki, P12_PASSWORD, type TestPki } from './pki';
import { signatureImage } from './png';
import { createSoftHsmToken, SOFTHSM_MODULE, TOKEN_LABEL, USER_PIN } from './softhsm';
import { pdfsig, qpdfCheck, tempDir } from './tools';

const root = path.resolve(__dirname, '../..');
let cli: string;
let pki: TestPki;
let dir: string;
let input: string;

/** Runs the CLI without blocking (it may call the test's own TSA/OCSP server). */
function run(args: string[], env: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

/** The same command in this process, with the same exit status and output. */
async function runHere(args: string[], env: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  const r = await runCliInProcess(args, env);
  return { status: r.status, stdout: r.out, stderr: r.err };
}

beforeAll(async () => {
  // Bundle the CLI like `npm run build` does (dist/cli.cjs), next to node_modules so packages resolve.
  const out = path.join(root, 'node_modules', '.cache', `ecabinet-cli-test-${process.pid}`);
  mkdirSync(out, { recursive: true });
  cli = path.join(out, 'cli.cjs');
  await build({ bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', entryPoints: [path.join(root, 'cli/main.ts')], outfile: cli, logLevel: 'warning' });
  pki = await createTestPki();
  dir = tempDir('ecabinet-cli-');
  const doc = await PDFDocument.create();
  doc.addPage();
  doc.addPage();
  input = path.join(dir, 'in.pdf');
  writeFileSync(input, await doc.save({ useObjectStreams: false }));
  writeFileSync(path.join(dir, 'sig.png'), signatureImage());
});
afterAll(async () => {
  await pki?.close();
  rmSync(path.dirname(cli), { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('ecabinet sign / verify', () => {
  it('prints bilingual help for both commands', async () => {
    const [sign, verify] = await Promise.all([run(['sign', '--help']), run(['verify', '--help'])]);
    expect(sign.status).toBe(0);
    expect(sign.stdout).toContain('Ký số tệp PDF');
    expect(sign.stdout).toContain('Signs a PDF');
    expect(verify.stdout).toContain('Mã thoát / exit status');
  });

  it('signs twice (visible B-T, then invisible B-B) and verifies with exit status 0 and the JSON report', async () => {
    const one = path.join(dir, 'one.pdf');
    const two = path.join(dir, 'two.pdf');
    let r = await runHere(['sign', '--p12', pki.rsa.p12, '--password-env', 'P12PW', '--visible', '--page', '2', '--rect', '300,80,220,130', '--name', 'Nguyễn Văn An', '--title', 'CHỦ TỊCH', '--image', path.join(dir, 'sig.png'), '--level', 'B-T', '--tsa', pki.tsaUrl, input, one], { P12PW: P12_PASSWORD });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('B-T');
    r = await runHere(['sign', '--p12', pki.ec.p12, '--password-env', 'P12PW', one, two], { P12PW: P12_PASSWORD });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(two).subarray(0, readFileSync(one).length).equals(readFileSync(one))).toBe(true);
    expect((await qpdfCheck(two)).status).toBe(0);

    const v = await runHere(['verify', two, '--trust', pki.caFile, '--json']);
    expect(v.status, v.stdout + v.stderr).toBe(0);
    const report = VerificationReport.parse(JSON.parse(v.stdout));
    expect(report.signatures.map((s) => [s.signer, s.verdict, s.level, s.coversWholeFile])).toEqual([
      ['Nguyễn Văn An', 'valid', 'B-T', false],
      ['Trần Thị Bình', 'valid', 'B-B', true],
    ]);
    for (const s of report.signatures) expect(s).toMatchObject({ field: expect.any(String), signedAt: expect.stringMatching(/\+07:00$/), subFilter: 'ETSI.CAdES.detached', revision: expect.any(Number), anomalies: [], integrity: 'ok', chain: 'trusted' });

    const text = await runHere(['verify', two, '--trust', pki.caFile]);
    expect(text.stdout).toContain('Chữ ký hợp lệ / Signature valid');
    // Every reason in both languages, none left as a message key.
    expect(text.stdout).toContain('Tài liệu không bị thay đổi sau khi ký');
    expect(text.stdout).toContain('The document has not changed since it was signed');
    expect(text.stdout).not.toMatch(/signing\.[a-z]/);
    const poppler = await pdfsig(two, pki.nssDir);
    expect(poppler.signatures.map((s) => s.validation)).toEqual(['Signature is Valid.', 'Signature is Valid.']);
  });

  it('exit status 1 when a signature is not valid (no trust root given → indeterminate)', async () => {
    const out = path.join(dir, 'untrusted.pdf');
    expect((await runHere(['sign', '--p12', pki.rsa.p12, '--password-env', 'P12PW', input, out], { P12PW: P12_PASSWORD })).status).toBe(0);
    const v = await runHere(['verify', out, '--json', '--offline']);
    expect(v.status).toBe(1);
    expect(JSON.parse(v.stdout).signatures[0].verdict).toBe('indeterminate');
    const text = await runHere(['verify', out, '--offline']);
    expect(text.stdout).toContain('Chưa xác định được tính hợp lệ');
    expect(text.stdout).not.toMatch(/signing\.[a-z]/);
  });

  it('exit status 2 with a clear message (no stack trace) for a file that is not a PDF', async () => {
    const junk = path.join(dir, 'junk.pdf');
    writeFileSync(junk, 'this is not a pdf at all');
    const [v, missing] = await Promise.all([run(['verify', junk]), run(['verify', path.join(dir, 'nope.pdf')])]);
    expect(v.status).toBe(2);
    expect(v.stderr).toContain('Chỉ chấp nhận tệp PDF');
    expect(v.stderr).not.toMatch(/\bat .+:\d+:\d+/);
    expect(missing.status).toBe(2);
  });

  it('a wrong PKCS#12 password gives a translated error and writes nothing', async () => {
    const out = path.join(dir, 'never.pdf');
    const r = await runHere(['sign', '--p12', pki.rsa.p12, '--password-env', 'P12PW', input, out], { P12PW: 'sai-mật-khẩu' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('wrong_password');
    expect(r.stderr).toContain('Mật khẩu của tệp chứng thư số không đúng');
    expect(() => readFileSync(out)).toThrow();
  });

  it('signs with a PKCS#11 token (SoftHSM2) and reports a wrong PIN clearly', async () => {
    const hsm = path.join(dir, 'hsm');
    mkdirSync(hsm);
    const { conf } = await createSoftHsmToken(hsm, pki.rsa2.key, pki.rsa2.cert);
    const out = path.join(dir, 'token.pdf');
    const bad = await run(['sign', '--pkcs11-module', SOFTHSM_MODULE, '--token-label', TOKEN_LABEL, '--pin-env', 'PIN', input, out], { PIN: '111111', SOFTHSM2_CONF: conf });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('pin_incorrect');
    const ok = await run(['sign', '--pkcs11-module', SOFTHSM_MODULE, '--token-label', TOKEN_LABEL, '--pin-env', 'PIN', input, out], { PIN: USER_PIN, SOFTHSM2_CONF: conf });
    expect(ok.status, ok.stderr).toBe(0);
    const v = await runHere(['verify', out, '--trust', pki.caFile, '--json']);
    expect(v.status).toBe(0);
    expect(JSON.parse(v.stdout).signatures[0].signer).toBe('Lê Thị Cúc');
  });
});
