/**
 * Signing off the services thread: the signing worker (electron/services/workers/) signs a
 * 10 MB PDF with a PKCS#11 token (SoftHSM2) and with a PKCS#12 key of the key store, verifies
 * it, lists tokens and certificates, and its errors keep their codes across the thread.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import crypto from 'node:crypto';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { SigningWorker } from '../../electron/services/workers/signing-client';
import { createTestPki, P12_PASSWORD, type TestPki } from './pki';
import { createSoftHsmToken, SOFTHSM_MODULE, TOKEN_LABEL, USER_PIN } from './softhsm';
import { pdfsig, tempDir } from './tools';

let pki: TestPki;
let dir: string;
let bigPdf: string;
const worker = new SigningWorker();

/** A 10 MB PDF: two text pages and a large embedded file (as in a packet with scanned annexes). */
async function tenMegabytePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const text of ['To trinh', 'Phu luc']) doc.addPage([595, 842]).drawText(text, { x: 72, y: 760, size: 14, font });
  // Stored as it is: pdf-lib's attach() would compress 10 MB in JavaScript first.
  doc.context.register(doc.context.stream(crypto.randomBytes(10 * 1024 * 1024), { Type: 'EmbeddedFile' }));
  return doc.save({ useObjectStreams: false });
}

beforeAll(async () => {
  pki = await createTestPki();
  dir = tempDir('ecabinet-signing-worker-');
  await createSoftHsmToken(dir, pki.ec.key, pki.ec.cert);
  bigPdf = path.join(dir, 'big.pdf');
  writeFileSync(bigPdf, await tenMegabytePdf());
});
afterAll(async () => {
  await pki?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('signing worker', () => {
  it('lists the token and its certificates; a wrong PIN keeps its error code across the thread', async () => {
    expect(SOFTHSM_MODULE, 'softhsm2 is installed').not.toBe('');
    expect((await worker.pkcs11Tokens(SOFTHSM_MODULE)).map((t) => t.label)).toContain(TOKEN_LABEL);
    const certs = await worker.pkcs11Certificates(SOFTHSM_MODULE, TOKEN_LABEL, USER_PIN);
    expect(certs).toHaveLength(1);
    expect(certs[0].subject).toContain('Trần Thị Bình');
    await expect(worker.pkcs11Certificates(SOFTHSM_MODULE, TOKEN_LABEL, '000000')).rejects.toMatchObject({ name: 'AppError', code: 'pin_incorrect' });
    await expect(worker.pkcs11Tokens('/no/such/libpkcs11.so')).rejects.toMatchObject({ code: 'token_not_found' });
  });

  it('signs a 10 MB PDF on the token in the worker; the result verifies (ours and poppler)', async () => {
    const before = await worker.completed();
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const out = await worker.sign({
      file: bigPdf,
      key: { kind: 'pkcs11', module: SOFTHSM_MODULE, tokenLabel: TOKEN_LABEL, pin: USER_PIN },
      appearance: { kind: 'signer', title: 'PHÓ CHỦ TỊCH', name: 'Trần Thị Bình' },
      options: { reason: 'Ký duyệt', level: 'B-B' },
    });
    lag.disable();
    // Informational: how long this thread was ever held while the worker signed.
    console.log(`signing 10 MB in the worker: longest event-loop delay here ${(lag.max / 1e6).toFixed(1)} ms`);
    expect(await worker.completed()).toBe(before + 1);
    expect(out.bytes.length).toBeGreaterThan(10 * 1024 * 1024);
    expect(out.sha256).toBe(crypto.createHash('sha256').update(out.bytes).digest('hex'));
    expect(out.level).toBe('B-B');
    const signed = path.join(dir, 'big-signed.pdf');
    writeFileSync(signed, out.bytes);
    const report = await worker.verify(signed, [pki.caPem], false);
    expect(report.signatures.map((s) => [s.signer, s.verdict])).toEqual([['Trần Thị Bình', 'valid']]);
    expect((await pdfsig(signed, pki.nssDir)).signatures[0].validation).toBe('Signature is Valid.');
  });

  it('imports a PKCS#12 into the key store and signs with it after the password, in the worker', async () => {
    const keysDir = path.join(dir, 'keys');
    await expect(worker.importPkcs12(keysDir, readFileSync(pki.rsa.p12), 'sai')).rejects.toMatchObject({ code: 'wrong_password' });
    const info = await worker.importPkcs12(keysDir, readFileSync(pki.rsa.p12), P12_PASSWORD);
    const small = path.join(dir, 'small.pdf');
    const doc = await PDFDocument.create();
    doc.addPage();
    writeFileSync(small, await doc.save());
    const key = { kind: 'stored' as const, keysDir, keyId: info.id, password: P12_PASSWORD };
    await expect(worker.sign({ file: small, key: { ...key, password: 'sai' }, appearance: { kind: 'signer' }, options: {} })).rejects.toMatchObject({ code: 'wrong_password' });
    const out = await worker.sign({ file: small, key, appearance: { kind: 'signer' }, options: {} });
    const signed = path.join(dir, 'small-signed.pdf');
    writeFileSync(signed, out.bytes);
    expect((await worker.verify(signed, [pki.caPem], false)).signatures[0].verdict).toBe('valid');
  });
});
