/**
 * Signatures in shapes other tools write: /V, /ByteRange and /Contents as indirect objects, a
 * signature field under a /Kids hierarchy with a separate widget, hybrid-reference files
 * (classic table + /XRefStm), encrypted files (field names shown decrypted) and files that need
 * a password (a coded error). Each verdict is compared with pdfsig where it can judge, else
 * with openssl over the signed byte ranges.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from '@cantoo/pdf-lib';
import { pkcs12Key, signPdf, verifyPdf } from '../../signing/index';
import { check, tool } from '../helpers/tool';
import { createTestPki, P12_PASSWORD, type TestPki } from './pki';
import {
  appendUpdate,
  emptySignatureField,
  fieldObject,
  hierarchicalSignatureField,
  HYBRID_SIGNATURE_FIELD,
  HYBRID_SIGNATURE_FIELD_TEXT,
  hybridReferencePdf,
  objectText,
  signFieldByHand,
  signWithIndirectObjects,
  trailerFacts,
  withEntries,
} from './structure-corpus';
import { pdfsig, qpdfCheck, tempDir } from './tools';

let pki: TestPki;
let dir: string;
const key = () => pkcs12Key(readFileSync(pki.rsa.p12), P12_PASSWORD);

beforeAll(async () => {
  pki = await createTestPki();
  dir = tempDir();
});
afterAll(async () => {
  await pki?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let n = 0;
function save(bytes: Uint8Array): string {
  const file = path.join(dir, `file-${++n}.pdf`);
  writeFileSync(file, bytes);
  return file;
}
const verify = (bytes: Uint8Array) => verifyPdf(bytes, { trustRoots: [pki.caPem], online: false });

/** openssl cms -verify over the byte range written in the last `[0 a b c]` array of the file. */
async function opensslOverLastByteRange(bytes: Uint8Array): Promise<number> {
  const s = Buffer.from(bytes).toString('latin1');
  const m = [...s.matchAll(/\[\s*0 (\d+) (\d+) (\d+)\s*\]/g)].pop()!;
  const [b, c, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const der = Buffer.from(s.slice(b + 1, c - 1), 'hex');
  const sigFile = path.join(dir, `sig-${++n}.der`);
  const dataFile = path.join(dir, `data-${n}.bin`);
  // The CMS is zero-padded in its slot: keep the DER element only.
  const len = der[1] < 0x80 ? 2 + der[1] : 2 + (der[1] & 0x7f) + der.subarray(2, 2 + (der[1] & 0x7f)).reduce((acc, x) => acc * 256 + x, 0);
  writeFileSync(sigFile, der.subarray(0, len));
  writeFileSync(dataFile, Buffer.concat([Buffer.from(bytes.subarray(0, b)), Buffer.from(bytes.subarray(c, c + d))]));
  return (await check('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sigFile, '-content', dataFile, '-CAfile', pki.caFile, '-out', '/dev/null'])).status;
}

describe('indirect objects and field hierarchies', () => {
  it('a signature field under /Kids, widget apart, with /V, /ByteRange and /Contents indirect, verifies', async () => {
    const signed = await signWithIndirectObjects(await hierarchicalSignatureField(), key());
    const file = save(signed);
    expect((await qpdfCheck(file)).status).toBe(0);
    const [s] = (await verify(signed)).signatures;
    expect(s.field).toBe('Phê duyệt.Lãnh đạo');
    expect(s.integrity).toBe('ok');
    expect(s.anomalies).toEqual([]);
    expect(s.coversWholeFile).toBe(true);
    expect(s.verdict).toBe('valid');
    // pdfsig names the field but does not follow /V through the field to a separate widget:
    // it cannot judge this shape, so openssl checks the signed bytes instead.
    const poppler = await pdfsig(file, pki.nssDir);
    expect(poppler.output).toContain('Phê duyệt.Lãnh đạo');
    expect(await opensslOverLastByteRange(signed)).toBe(0);
  });

  it('an annotation added after such a signature is named, the signature stays valid', async () => {
    const base = await hierarchicalSignatureField();
    const signed = await signWithIndirectObjects(base, key());
    const num = trailerFacts(signed).size;
    const page = (await PDFDocument.load(signed, { updateMetadata: false })).getPage(0).ref.objectNumber;
    const pageText = objectText(signed, page);
    const later = appendUpdate(signed, [
      { num, body: `<< /Type /Annot /Subtype /Square /Rect [300 300 400 400] /P ${page} 0 R /C [1 0 0] >>` },
      { num: page, body: pageText.replace(/\/Annots\s*\[([^\]]*)\]/, (_m, refs: string) => `/Annots [${refs} ${num} 0 R]`) },
    ]);
    const [s] = (await verify(later)).signatures;
    expect(s.laterChanges).toEqual([{ revision: 3, kind: 'annotation_added', allowed: true, fields: [], pages: [1] }]);
    expect(s.verdict).toBe('valid');
  });
});

describe('hybrid-reference files (classic table + /XRefStm)', () => {
  let hybrid: Buffer;
  beforeAll(async () => {
    hybrid = hybridReferencePdf();
    expect((await qpdfCheck(save(hybrid))).status).toBe(0);
  });

  it('our signer signs one; our verdict and pdfsig agree', async () => {
    const { bytes } = await signPdf(hybrid, { key: key() });
    const file = save(bytes);
    expect((await qpdfCheck(file)).status).toBe(0);
    const [s] = (await verify(bytes)).signatures;
    expect(s.verdict).toBe('valid');
    const poppler = await pdfsig(file, pki.nssDir);
    expect(poppler.signatures[0]?.validation, poppler.output).toBe('Signature is Valid.');
    expect(poppler.signatures[0]?.total, poppler.output).toBe(true);
  });

  it('a field inside the object stream, signed by hand with indirect /ByteRange and /Contents: valid for both', async () => {
    const signed = await signFieldByHand(hybrid, HYBRID_SIGNATURE_FIELD, key(), { fieldText: HYBRID_SIGNATURE_FIELD_TEXT, indirect: true });
    const file = save(signed);
    const [s] = (await verify(signed)).signatures;
    expect(s.field).toBe('KyDuyet');
    expect(s.verdict).toBe('valid');
    const poppler = await pdfsig(file, pki.nssDir);
    expect(poppler.signatures[0]?.validation, poppler.output).toBe('Signature is Valid.');
    expect(poppler.signatures[0]?.certificate, poppler.output).toBe('Certificate is Trusted.');
  });

  it('a later form fill of a field that lived in the object stream is named and allowed', async () => {
    const signed = await signFieldByHand(hybrid, HYBRID_SIGNATURE_FIELD, key(), { fieldText: HYBRID_SIGNATURE_FIELD_TEXT });
    const field = '<< /FT /Tx /T (y_kien) /Type /Annot /Subtype /Widget /Rect [60 600 400 630] /P 3 0 R /F 4 /DA (/Helv 12 Tf 0 g) >>';
    const filled = appendUpdate(signed, [{ num: 6, body: withEntries(field, '/V (Dong y)') }]);
    const file = save(filled);
    expect((await qpdfCheck(file)).status).toBe(0);
    const [s] = (await verify(filled)).signatures;
    expect(s.laterChanges).toEqual([{ revision: 3, kind: 'form_filled', allowed: true, fields: ['y_kien'], pages: [] }]);
    expect(s.verdict).toBe('valid');
    const poppler = await pdfsig(file, pki.nssDir);
    expect(poppler.signatures[0]?.validation, poppler.output).toBe('Signature is Valid.');
    expect(poppler.signatures[0]?.total, poppler.output).toBe(false);
  });
});

describe('encrypted files', () => {
  const name = 'Chữ ký Giám đốc';
  let plain: string;
  beforeAll(async () => {
    plain = save(await emptySignatureField(name));
  });

  const encrypt = async (userPassword: string, ...how: string[]) => {
    const out = path.join(dir, `enc-${++n}.pdf`);
    await tool('qpdf', ['--object-streams=disable', '--allow-weak-crypto', '--encrypt', userPassword, 'chu-so-huu', ...how, '--', plain, out]);
    return readFileSync(out);
  };

  for (const [label, how] of [
    ['AES-256', ['256']],
    ['AES-128', ['128', '--use-aes=y']],
    ['RC4-128', ['128', '--use-aes=n']],
  ] as const) {
    it(`${label} with an empty user password: the field name is shown decrypted and the signature verifies`, async () => {
      const enc = await encrypt('', ...how);
      const signed = await signFieldByHand(enc, await fieldObject(enc, name), key());
      const file = save(signed);
      const [s] = (await verify(signed)).signatures;
      expect(s.field).toBe(name);
      expect(s.integrity).toBe('ok');
      expect(s.verdict).toBe('valid');
      const poppler = await pdfsig(file, pki.nssDir);
      expect(poppler.signatures[0]?.field, poppler.output).toBe(name);
      expect(poppler.signatures[0]?.validation, poppler.output).toBe('Signature is Valid.');
    });
  }

  it('a file that needs a password to open is refused with pdf_encrypted, not reported as unsigned', async () => {
    const signed = (await signPdf(readFileSync(plain), { key: key() })).bytes;
    const src = save(signed);
    const out = path.join(dir, 'password.pdf');
    await tool('qpdf', ['--encrypt', 'mo-tep', 'chu-so-huu', '256', '--', src, out]);
    await expect(verify(readFileSync(out))).rejects.toMatchObject({ code: 'pdf_encrypted' });
  });
});
