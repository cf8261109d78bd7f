/**
 * B-LT from a USB token that holds only the signer's certificate (SoftHSM2): the issuing CA's
 * certificate comes from the certificate's CA-issuers address (a local HTTP server), from a
 * `--chain` file or from the app's trust store; when none has it, signing fails with a coded,
 * translated reason and a non-zero exit status, never a quietly lower level.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from '@cantoo/pdf-lib';
import { Pkcs11Module, readCertificates, signPdf, verifyPdf } from '../../signing/index';
import { TrustRoots } from '../../electron/services/signing/trust-roots';
import { translate } from '../../shared/i18n';
import { bundleCli } from './cli-bundle';
import { createLongTermPki, hitsOf, type LongTermPki } from './long-term-pki';
import { createSoftHsmToken, SOFTHSM_MODULE, TOKEN_LABEL, USER_PIN } from './softhsm';
import { pdfsig, tempDir } from './tools';

let pki: LongTermPki;
let dir: string;
let input: string;
let cli: Awaited<ReturnType<typeof bundleCli>>;

beforeAll(async () => {
  cli = await bundleCli();
  pki = await createLongTermPki();
  dir = tempDir('ecabinet-token-chain-');
  await createSoftHsmToken(dir, pki.signer.key, pki.signer.cert);
  const doc = await PDFDocument.create();
  doc.addPage();
  input = path.join(dir, 'in.pdf');
  writeFileSync(input, await doc.save({ useObjectStreams: false }));
});
afterAll(async () => {
  await pki?.close();
  cli?.remove();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function withToken<T>(use: (key: ReturnType<Pkcs11Module['signingKey']>) => Promise<T>): Promise<T> {
  const mod = new Pkcs11Module(SOFTHSM_MODULE);
  try {
    return await use(mod.signingKey(mod.login(TOKEN_LABEL, USER_PIN)));
  } finally {
    mod.close();
  }
}

const signArgs = (out: string, ...more: string[]) => ['sign', '--pkcs11-module', SOFTHSM_MODULE, '--token-label', TOKEN_LABEL, '--pin-env', 'PIN', '--level', 'B-LT', '--tsa', pki.tsaUrl, ...more, input, out];

describe('B-LT from a token holding only the signer’s certificate', () => {
  it('fetches the issuing CA from the CA-issuers address; B-LT, valid offline, pdfsig trusts it', async () => {
    expect(SOFTHSM_MODULE, 'softhsm2 is installed').not.toBe('');
    const before = hitsOf(pki, '/issuers/inter.der');
    const { bytes, level } = await withToken(async (key) => {
      expect(key.chain).toHaveLength(0);
      return signPdf(readFileSync(input), { key, level: 'B-LT', tsaUrl: pki.tsaUrl });
    });
    expect(level).toBe('B-LT');
    expect(hitsOf(pki, '/issuers/inter.der')).toBeGreaterThan(before);
    const [s] = (await verifyPdf(bytes, { trustRoots: [pki.rootPem], online: false })).signatures;
    expect(s.level).toBe('B-LT');
    expect(s.certificates.map((c) => c.subject)).toEqual([expect.stringContaining('Nguyễn Thị Lưu Trữ'), expect.stringContaining('eCabinet LT Issuing CA'), expect.stringContaining('eCabinet LT Root CA')]);
    expect(s.revocation).toEqual({ status: 'good', source: 'embedded' });
    expect(s.verdict).toBe('valid');
    const file = path.join(dir, 'token-blt.pdf');
    writeFileSync(file, bytes);
    const poppler = await pdfsig(file, pki.nssDir);
    expect(poppler.signatures[0]?.validation, poppler.output).toBe('Signature is Valid.');
    expect(poppler.signatures[0]?.certificate, poppler.output).toBe('Certificate is Trusted.');
  });

  it('CA-issuers address unreachable: the CLI exits 1 with the translated reason and writes nothing; with --chain it signs B-LT', async () => {
    pki.down.add('/issuers/');
    try {
      const out = path.join(dir, 'cli-blt.pdf');
      const failed = await cli.run(signArgs(out), { PIN: USER_PIN });
      expect(failed.status).toBe(1);
      expect(failed.stderr).toContain(translate('vi', 'errors.certificate_chain_incomplete'));
      expect(failed.stderr).toContain('[certificate_chain_incomplete]');
      expect(failed.stderr).toContain('Nguyễn Thị Lưu Trữ');
      expect(failed.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(out)).toBe(false);

      const chained = await cli.run(signArgs(out, '--chain', pki.interFile, '--chain', pki.rootFile), { PIN: USER_PIN });
      expect(chained.status, chained.stderr).toBe(0);
      expect(chained.stdout).toContain('B-LT');
      const verified = await cli.run(['verify', '--trust', pki.rootFile, '--offline', '--json', out]);
      expect(verified.status, verified.stdout).toBe(0);
      expect(JSON.parse(verified.stdout).signatures[0]).toMatchObject({ level: 'B-LT', verdict: 'valid' });
    } finally {
      pki.down.delete('/issuers/');
    }
  });

  it('CA-issuers address unreachable: the issuing CA in the app’s trust store completes the chain', async () => {
    const trust = new TrustRoots(path.join(dir, 'trust-roots'));
    await trust.add(pki.rootPem);
    await trust.add(pki.interPem);
    const chainCandidates = trust.pems().flatMap((pem) => readCertificates(Buffer.from(pem)).map((c) => new Uint8Array(c.raw)));
    pki.down.add('/issuers/');
    try {
      await expect(withToken((key) => signPdf(readFileSync(input), { key, level: 'B-LT', tsaUrl: pki.tsaUrl }))).rejects.toMatchObject({ code: 'certificate_chain_incomplete' });
      const { level, bytes } = await withToken((key) => signPdf(readFileSync(input), { key, level: 'B-LT', tsaUrl: pki.tsaUrl, chainCandidates }));
      expect(level).toBe('B-LT');
      expect((await verifyPdf(bytes, { trustRoots: trust.pems(), online: false })).signatures[0]).toMatchObject({ level: 'B-LT', verdict: 'valid' });
    } finally {
      pki.down.delete('/issuers/');
    }
    expect(translate('en', 'errors.certificate_chain_incomplete')).toMatch(/chain/);
  });
});
