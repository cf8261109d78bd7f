/** Tampering is caught by our verifier and by pdfsig: a flipped byte, appended junk, a whole-file rewrite. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { pkcs12Key, signPdf, verifyPdf } from '../../signing/index';
import { tool } from '../helpers/tool';
import { createTestPki, P12_PASSWORD, type TestPki } from './pki';
import { pdfsig, tempDir } from './tools';

let pki: TestPki;
let dir: string;
let signed: Uint8Array;

beforeAll(async () => {
  pki = await createTestPki();
  dir = tempDir();
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  doc.addPage().drawText('Ket luan cuoc hop: dong y 12 ty dong', { x: 60, y: 700, size: 14, font });
  const bytes = await doc.save({ useObjectStreams: false });
  signed = (await signPdf(bytes, { key: pkcs12Key(readFileSync(pki.rsa.p12), P12_PASSWORD) })).bytes;
});
afterAll(async () => {
  await pki?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function both(bytes: Uint8Array, name: string) {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  const ours = await verifyPdf(bytes, { trustRoots: [pki.caPem], online: false });
  return { ours, poppler: await pdfsig(file, pki.nssDir) };
}

describe('tampering', () => {
  it('untouched: valid for both', async () => {
    const { ours, poppler } = await both(signed, 'untouched');
    expect(ours.signatures[0].verdict).toBe('valid');
    expect(poppler.signatures[0].validation).toBe('Signature is Valid.');
  });

  it('a flipped byte inside a signed range', async () => {
    const bytes = Uint8Array.from(signed);
    // The page size: a visible change (first digit of the width changes).
    const at = Buffer.from(bytes).indexOf('/MediaBox [ 0 0 ') + '/MediaBox [ 0 0 '.length;
    expect(at).toBeGreaterThan(20);
    bytes[at] = bytes[at] === 0x37 ? 0x38 : 0x37;
    const { ours, poppler } = await both(bytes, 'flipped');
    expect(ours.signatures[0].integrity).toBe('failed');
    expect(ours.signatures[0].verdict).toBe('invalid');
    expect(ours.signatures[0].reasons).toContain('signing.reason.integrity_failed');
    expect(poppler.signatures[0].validation, poppler.output).not.toBe('Signature is Valid.');
  });

  it('appended content that is not a valid incremental update', async () => {
    const bytes = Buffer.concat([Buffer.from(signed), Buffer.from('\n4 0 obj\n<< /Type /Page /Injected true >>\nendobj\n% no xref, no trailer\n')]);
    const { ours, poppler } = await both(bytes, 'appended');
    expect(ours.signatures[0].coversWholeFile).toBe(false);
    expect(ours.signatures[0].anomalies).toContain('content_not_reached');
    expect(ours.signatures[0].verdict).toBe('invalid');
    expect(poppler.signatures[0].total, poppler.output).toBe(false);
  });

  it('a whole-file rewrite (qpdf)', async () => {
    const src = path.join(dir, 'to-rewrite.pdf');
    writeFileSync(src, signed);
    const out = path.join(dir, 'rewritten-raw.pdf');
    await tool('qpdf', ['--object-streams=generate', src, out]);
    const { ours, poppler } = await both(readFileSync(out), 'rewritten');
    expect(ours.signatures).toHaveLength(1);
    expect(ours.signatures[0].verdict).toBe('invalid');
    const p = poppler.signatures[0];
    expect(p.validation !== 'Signature is Valid.' || !p.total, poppler.output).toBe(true);
  });

  it('an incremental update that changes page content is listed as such', async () => {
    const doc = await PDFDocument.load(signed, { forIncrementalUpdate: true, updateMetadata: false });
    const font = await doc.embedFont(StandardFonts.TimesRoman);
    doc.getPage(0).drawText('Sua doi sau khi ky', { x: 60, y: 600, size: 14, font });
    const bytes = await doc.commit({ useObjectStreams: false });
    const { ours, poppler } = await both(bytes, 'updated');
    const s = ours.signatures[0];
    expect(s.integrity).toBe('ok');
    expect(s.coversWholeFile).toBe(false);
    expect(s.updatesAfter).toHaveLength(1);
    expect(s.updatesAfter[0].changes).toContain('content');
    // The signed bytes are intact, but what was signed was redrawn afterwards.
    expect(s.laterChanges).toEqual([{ revision: 3, kind: 'page_content_changed', allowed: false, fields: [], pages: [1] }]);
    expect(s.verdict).toBe('invalid');
    expect(s.reasons).toContain('signing.anomaly.changed_after_signing');
    expect(poppler.signatures[0].total).toBe(false);
  });
});
