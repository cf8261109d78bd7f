/** The PKCS#11 token path end to end against SoftHSM2: list, log in, sign on the token, verify. */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from '@cantoo/pdf-lib';
import { Pkcs11Module, pkcs11Error, signPdf, verifyPdf } from '../../signing/index';
import * as pkcs11js from 'pkcs11js';
import { createTestPki, type TestPki } from './pki';
import { createSoftHsmToken, SOFTHSM_MODULE, TOKEN_LABEL, USER_PIN } from './softhsm';
import { pdfsig, tempDir } from './tools';

let pki: TestPki;
let dir: string;

beforeAll(async () => {
  pki = await createTestPki();
  dir = tempDir('ecabinet-hsm-');
  await createSoftHsmToken(dir, pki.ec.key, pki.ec.cert);
});
afterAll(async () => {
  await pki?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('PKCS#11 (SoftHSM2)', () => {
  it('lists the token and its certificate, signs on the token, and the result verifies', async () => {
    expect(SOFTHSM_MODULE, 'softhsm2 is installed').not.toBe('');
    const mod = new Pkcs11Module(SOFTHSM_MODULE);
    try {
      expect(mod.tokens().map((t) => t.label)).toContain(TOKEN_LABEL);
      const session = mod.login(TOKEN_LABEL, USER_PIN);
      const certs = mod.certificates(session);
      expect(certs.map((c) => c.commonName)).toEqual(['Trần Thị Bình']);
      const key = mod.signingKey(session);
      expect(key.keyType).toBe('ec');
      const doc = await PDFDocument.create();
      doc.addPage();
      const { bytes } = await signPdf(await doc.save({ useObjectStreams: false }), { key, appearance: { kind: 'signer', title: 'PHÓ CHỦ TỊCH' } });
      const report = await verifyPdf(bytes, { trustRoots: [pki.caPem], online: false });
      expect(report.signatures[0].signer).toBe('Trần Thị Bình');
      expect(report.signatures[0].verdict).toBe('valid');
      const file = path.join(dir, 'token-signed.pdf');
      writeFileSync(file, bytes);
      expect((await pdfsig(file, pki.nssDir)).signatures[0].validation).toBe('Signature is Valid.');
    } finally {
      mod.close();
    }
  });

  it('a wrong PIN gives pin_incorrect; a locked token maps to pin_locked', () => {
    const mod = new Pkcs11Module(SOFTHSM_MODULE);
    try {
      expect(() => mod.login(TOKEN_LABEL, '000000')).toThrow(expect.objectContaining({ code: 'pin_incorrect' }));
      expect(() => mod.login('No Such Token', USER_PIN)).toThrow(expect.objectContaining({ code: 'token_not_found' }));
    } finally {
      mod.close();
    }
    // SoftHSM2 never locks a user PIN, so the mapping of CKR_PIN_LOCKED is checked directly.
    expect(pkcs11Error({ code: pkcs11js.CKR_PIN_LOCKED, message: 'CKR_PIN_LOCKED' }).code).toBe('pin_locked');
  });
});
