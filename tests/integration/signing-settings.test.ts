/**
 * Signing settings with real parts: the sync server (demo committee) on a random port, client
 * services for the secretary, the chair (signer), the office chief (clerk) and a member; a PKI,
 * a local RFC 3161 timestamp authority (`openssl ts`) and a SoftHSM2 token made at test time.
 * - the device's signing settings (TSA URL) make the workflow sign at B-T, which verifies;
 * - "certify the issued document": the first signature certifies (DocMDP P=2), the clerk's
 *   signature is still allowed, a later content change is flagged;
 * - the organisation's seal uploaded once by the secretary is applied by the clerk (Decree 30
 *   layout; organisation name and +07:00 time on the page, read back by pdftotext), and the
 *   attachment layout (top right, document number);
 * - the certificate must name the signer: strict refuses, warn accepts and flags;
 * - PKCS#11 through the bridge: an unknown library is refused until the user confirms it, then
 *   tokens, certificates and signing on the token work;
 * - a returned request can be resent, or cancelled, by the secretariat.
 */
import { readDocumentFile } from '../../electron/services/crypto/blob-file';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, StandardFonts } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/content';
import { startServer } from '../../server/index';
import crypto from 'node:crypto';
import type { Mutation } from '../../shared/api';
import { pkcs12Key, signPdf, verifyPdf } from '../../signing/index';
import { httpLogin, httpPullAll, httpPush } from './helpers/server-api';
import type { ClientServices } from '../../electron/services/index';
import { callBridge, signedInClient } from './helpers/bridge';
import { createTestPki, P12_PASSWORD, type TestPki } from '../signing/pki';
import { sealImage } from '../signing/png';
import { createSoftHsmToken, SOFTHSM_MODULE, TOKEN_LABEL, USER_PIN } from '../signing/softhsm';
import { removeTempDirs, tempDir, waitFor } from './helpers/temp';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';
import { tool } from '../helpers/tool';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server;
let pki: TestPki;
const clients: ClientServices[] = [];
let hsmDir = '';

const call = callBridge;

async function signedIn(username: string): Promise<ClientServices> {
  const c = await signedInClient({ serverUrl: server.url, dataDir: tempDir(), username, retry: { initialMs: 60_000, maxMs: 60_000 } });
  clients.push(c);
  return c;
}

const bytesOf = async (c: ClientServices, sha: string) => new Uint8Array(await readDocumentFile((await c.blobFile(sha))!));

/** Text of the last page as pdftotext lays it out. */
async function pdftotext(bytes: Uint8Array, page?: number): Promise<string> {
  const file = path.join(tempDir(), 'doc.pdf');
  writeFileSync(file, bytes);
  const range = page ? ['-f', String(page), '-l', String(page)] : [];
  return (await tool('pdftotext', ['-layout', ...range, file, '-'])).toString('utf8');
}

/** Signature widgets of a page: field name and rectangle. */
async function widgets(bytes: Uint8Array, pageIndex: number): Promise<{ rect: number[] }[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const annots = doc.getPage(pageIndex).node.lookup(PDFName.of('Annots'));
  if (!(annots instanceof PDFArray)) return [];
  return annots
    .asArray()
    .map((r) => doc.context.lookup(r))
    .filter((a): a is PDFDict => a instanceof PDFDict && a.get(PDFName.of('FT'))?.toString() === '/Sig')
    .map((a) => ({ rect: (a.lookup(PDFName.of('Rect')) as PDFArray).asArray().map((n) => Number(n.toString())) }));
}

describe('signing settings, certification, seal, name check, PKCS#11, resend', () => {
  let sec: ClientServices;
  let chair: ClientServices;
  let clerk: ClientServices;
  let member: ClientServices;
  let users: Map<string, string>;
  let docs: { id: string; title: string; sha256: string }[];
  let orgName: string;
  const chairKey = async () => ({ kind: 'stored' as const, keyId: (await call(chair, 'keys.list'))[0].id, password: P12_PASSWORD });
  const clerkKey = async () => ({ kind: 'stored' as const, keyId: (await call(clerk, 'keys.list'))[0].id, password: P12_PASSWORD });
  const myTurn = (c: ClientServices, id: string) => waitFor(async () => (await call(c, 'signing.requests')).find((r) => r.id === id && r.myTurn), 10_000, 'my turn');

  beforeAll(async () => {
    [server, pki] = await Promise.all([startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: tempDir('ecab-server-'), port: 0, seed: 'demo' }), createTestPki()]);
    sec = await signedIn('thuky');
    chair = await signedIn('chutich');
    clerk = await signedIn('uyvien.vanphong');
    member = await signedIn('pct.nguyen');
    users = new Map((await call(sec, 'secretariat.users')).map((u) => [u.username, u.id]));
    const today = (await call(sec, 'meetings.list')).find((m) => m.status === 'in_progress')!;
    const detail = await call(sec, 'meetings.get', { id: today.id });
    docs = [...detail.agenda.flatMap((a) => a.documents), ...detail.documents].filter((d) => d.classification !== 'confidential');
    orgName = (await call(sec, 'session.current'))!.organization.name;
    await call(chair, 'keys.importP12', { base64: readFileSync(pki.rsa.p12).toString('base64'), password: P12_PASSWORD });
    await call(clerk, 'keys.importP12', { base64: readFileSync(pki.rsa2.p12).toString('base64'), password: P12_PASSWORD });
    for (const c of [chair, clerk, member, sec]) await call(c, 'trust.add', { pem: pki.caPem });
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) await c.close();
    await server?.close();
    await pki?.close();
    if (hsmDir) rmSync(hsmDir, { recursive: true, force: true });
    removeTempDirs();
  });

  it('signs at B-T with the TSA set on the device; certifies at the first signature; the seal goes over the official signature', async () => {
    // The secretary uploads the organisation's seal once; the clerk receives the setting.
    expect((await call(sec, 'signing.saveOrgSettings', { sealPngBase64: Buffer.from('not a png').toString('base64') })).status).toBe('rejected');
    expect((await call(sec, 'signing.saveOrgSettings', { sealPngBase64: sealImage().toString('base64') })).status).toBe('applied');
    await expect(call(member, 'signing.saveOrgSettings', { sealPngBase64: null })).rejects.toMatchObject({ code: 'forbidden' });
    await call(clerk, 'sync.now');
    expect((await call(clerk, 'signing.settings')).organisation.hasSeal).toBe(true);

    // Device settings: a timestamp authority → B-T.
    expect((await call(chair, 'signing.settings')).level).toBe('B-B');
    const saved = await call(chair, 'signing.saveSettings', { tsaUrl: pki.tsaUrl, embedRevocation: false });
    expect(saved).toMatchObject({ tsaUrl: pki.tsaUrl, level: 'B-T' });
    await expect(call(chair, 'signing.saveSettings', { tsaUrl: 'file:///etc/passwd', embedRevocation: false })).rejects.toMatchObject({ code: 'validation_failed' });

    const doc = docs[0];
    const sent = await call(sec, 'signing.create', {
      documentId: doc.id,
      certify: true,
      steps: [
        { userId: users.get('chutich'), role: 'signer' },
        { userId: users.get('uyvien.vanphong'), role: 'clerk' },
      ],
    });
    expect(sent.status).toBe('applied');
    const atChair = await myTurn(chair, sent.id);
    expect(atChair.certify).toBe(true);

    const tsaBefore = pki.hits.tsa;
    const a = await call(chair, 'signing.sign', { requestId: sent.id, key: await chairKey(), title: 'TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH' });
    expect(a).toMatchObject({ status: 'applied', level: 'B-T', warnings: [] });
    expect(pki.hits.tsa).toBeGreaterThan(tsaBefore);

    await myTurn(clerk, sent.id);
    const b = await call(clerk, 'signing.sign', { requestId: sent.id, key: await clerkKey() });
    expect(b).toMatchObject({ status: 'applied', level: 'B-B' });
    const done = await waitFor(async () => (await call(sec, 'signing.requests')).find((r) => r.id === sent.id && r.status === 'completed'), 10_000, 'completed');
    // The chair's certificate is not in his name: accepted in warn mode (the default), flagged.
    expect(done.steps[0]).toMatchObject({ certificateName: 'Nguyễn Văn An', nameCheck: 'mismatch' });
    expect(done.steps[1]).toMatchObject({ nameCheck: null });

    const issued = await waitFor(async () => {
      const d = (await call(member, 'documents.open', { id: doc.id })).document;
      return d.version === 2 ? d : null;
    }, 10_000, 'issued version');
    const report = await call(member, 'signing.verify', { documentId: doc.id });
    expect(report.signatures.map((s) => [s.verdict, s.level, s.certification])).toEqual([
      ['valid', 'B-T', 2],
      ['valid', 'B-B', null],
    ]);
    expect(report.signatures[0].timestamp.status).toBe('valid');
    expect(report.signatures[0].signedAtSource).toBe('timestamp');

    // Seal layout: on the last page, organisation name and ISO 8601 time with +07:00.
    const bytes = await bytesOf(member, issued.sha256);
    const last = (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
    const text = (await pdftotext(bytes, last)).normalize('NFC');
    expect(text).toContain(orgName.normalize('NFC'));
    expect(text).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00/);
    expect(text).toContain('Trần Quốc Hưng');
    // The seal is centred a third of the way into the official's signature box.
    const [signerBox, sealBox] = await widgets(bytes, last - 1);
    const sealCentre = (sealBox.rect[0] + sealBox.rect[2]) / 2;
    const third = signerBox.rect[0] + (signerBox.rect[2] - signerBox.rect[0]) / 3;
    expect(Math.abs(sealCentre - third)).toBeLessThan(1);
    expect(sealBox.rect[1]).toBeLessThan(signerBox.rect[3]);

    // A later content change (not a signature) is flagged by the verifier on the certifying signature.
    const edit = await PDFDocument.load(bytes, { forIncrementalUpdate: true, updateMetadata: false });
    edit.getPage(0).drawText('Sua noi dung', { x: 60, y: 500, size: 14, font: await edit.embedFont(StandardFonts.TimesRoman) });
    const changed = await verifyPdf(await edit.commit({ useObjectStreams: false }), { trustRoots: [pki.caPem], online: false });
    expect(changed.signatures[0].anomalies).toContain('changed_after_certification');
    expect(changed.signatures[0].verdict).toBe('invalid');
  }, 120_000);

  it('the server refuses a first signature that does not certify a "certify" request; the seal bytes go to clerks only', async () => {
    const doc = docs[4];
    const sent = await call(sec, 'signing.create', { documentId: doc.id, certify: true, steps: [{ userId: users.get('chutich'), role: 'signer' }] });
    const req = await myTurn(chair, sent.id);
    const opened = await call(chair, 'signing.open', { id: sent.id });
    const original = await bytesOf(chair, opened.sha256);
    const plain = (await signPdf(original, { key: pkcs12Key(readFileSync(pki.rsa.p12), P12_PASSWORD) })).bytes;
    const sha = crypto.createHash('sha256').update(plain).digest('hex');
    const token = (await httpLogin(server.url, 'chutich', demoContent.password)).accessToken;
    expect((await fetch(`${server.url}/api/blobs/${sha}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' }, body: plain })).ok).toBe(true);
    const m: Mutation = { id: crypto.randomUUID(), kind: 'signatureRequest.sign', args: { requestId: sent.id, stepId: req.steps[0].id, sha256: sha } };
    const [refused] = (await httpPush(server.url, token, [m])).results;
    expect(refused.error?.code).toBe('signed_upload_refused');
    expect(refused.error?.details?.reason).toBe('certification_missing');
    expect((await call(sec, 'signing.cancel', { requestId: sent.id })).status).toBe('applied');

    // Every user of the organisation receives the setting; only a clerk (and the secretariat) the seal itself.
    const memberToken = (await httpLogin(server.url, 'pct.nguyen', demoContent.password)).accessToken;
    const setting = (await httpPullAll(server.url, memberToken)).changes.find((c) => c.entity === 'orgSigningSettings');
    expect(setting?.op).toBe('upsert');
    const sealSha = setting?.op === 'upsert' && setting.entity === 'orgSigningSettings' ? setting.data.sealSha256 : null;
    expect(sealSha).toMatch(/^[0-9a-f]{64}$/);
    expect((await fetch(`${server.url}/api/blobs/${sealSha}`, { headers: { authorization: `Bearer ${memberToken}` } })).ok).toBe(false);
    const clerkToken = (await httpLogin(server.url, 'uyvien.vanphong', demoContent.password)).accessToken;
    expect((await fetch(`${server.url}/api/blobs/${sealSha}`, { headers: { authorization: `Bearer ${clerkToken}` } })).ok).toBe(true);
  }, 120_000);

  it("the clerk's attachment signature: top right of the first page, document number and time", async () => {
    const doc = docs[1];
    const sent = await call(sec, 'signing.create', { documentId: doc.id, steps: [{ userId: users.get('uyvien.vanphong'), role: 'clerk' }] });
    await myTurn(clerk, sent.id);
    const r = await call(clerk, 'signing.sign', { requestId: sent.id, key: await clerkKey(), clerkLayout: 'attachment', documentNumber: '12/QĐ-UBND' });
    expect(r.status).toBe('applied');
    const done = await waitFor(async () => (await call(sec, 'signing.requests')).find((x) => x.id === sent.id && x.status === 'completed'), 10_000, 'completed');
    const bytes = await bytesOf(clerk, done.currentSha256); // signed on the clerk's device
    const text = (await pdftotext(bytes, 1)).normalize('NFC');
    expect(text).toContain('Số: 12/QĐ-UBND');
    // (-layout interleaves the label with the page's own header; the time itself is on one line)
    expect(text).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00/);
    const page = (await PDFDocument.load(bytes, { updateMetadata: false })).getPage(0).getSize();
    const [box] = await widgets(bytes, 0);
    expect(box.rect[2]).toBeGreaterThan(page.width / 2);
    expect(box.rect[3]).toBeGreaterThan(page.height * 0.8);
  }, 120_000);

  it('strict name check refuses a certificate of someone else; the secretary resends the returned request, or cancels it', async () => {
    expect((await call(sec, 'signing.saveOrgSettings', { nameCheck: 'strict' })).status).toBe('applied');
    const doc = docs[2];
    const sent = await call(sec, 'signing.create', { documentId: doc.id, steps: [{ userId: users.get('chutich'), role: 'signer' }] });
    await myTurn(chair, sent.id);
    await call(chair, 'signing.saveSettings', { tsaUrl: null, embedRevocation: false });
    const refused = await call(chair, 'signing.sign', { requestId: sent.id, key: await chairKey() });
    expect(refused.status).toBe('rejected');
    expect(refused.error?.code).toBe('certificate_name_mismatch');
    expect((await call(chair, 'signing.requests')).find((r) => r.id === sent.id)).toMatchObject({ myTurn: true, refusal: { code: 'certificate_name_mismatch' } });

    // He returns it; the secretary sends it again; he now sees it to sign again.
    await call(chair, 'signing.return', { requestId: sent.id, comment: 'Chứng thư số của tôi đang được cấp lại.' });
    await waitFor(async () => (await call(sec, 'signing.requests')).find((r) => r.id === sent.id && r.status === 'returned'), 10_000, 'returned');
    await expect(call(chair, 'signing.resend', { requestId: sent.id })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await call(sec, 'signing.resend', { requestId: sent.id, note: 'Kính trình lại' })).status).toBe('applied');
    const again = await myTurn(chair, sent.id);
    expect(again).toMatchObject({ status: 'in_progress', note: 'Kính trình lại' });
    expect(again.steps[0]).toMatchObject({ status: 'to_sign', comment: 'Chứng thư số của tôi đang được cấp lại.' });

    // Returned again, then withdrawn.
    await call(chair, 'signing.return', { requestId: sent.id, comment: 'Vẫn chưa có chứng thư số.' });
    await waitFor(async () => (await call(sec, 'signing.requests')).find((r) => r.id === sent.id && r.status === 'returned'), 10_000, 'returned again');
    expect((await call(sec, 'signing.cancel', { requestId: sent.id })).status).toBe('applied');
    expect((await call(sec, 'signing.requests')).find((r) => r.id === sent.id)?.status).toBe('cancelled');
    expect((await call(sec, 'signing.resend', { requestId: sent.id })).error?.code).toBe('conflict');
    expect((await call(sec, 'signing.saveOrgSettings', { nameCheck: 'warn' })).status).toBe('applied');
  }, 120_000);

  it('PKCS#11 from the bridge: an unknown library needs confirmation; then the SoftHSM2 token signs a request', async () => {
    expect(SOFTHSM_MODULE, 'softhsm2 is installed').not.toBe('');
    hsmDir = tempDir('ecabinet-hsm-');
    await createSoftHsmToken(hsmDir, pki.rsa3.key, pki.rsa3.cert);

    expect(await call(chair, 'keys.pkcs11ModuleStatus', { module: SOFTHSM_MODULE })).toEqual({ allowed: false, known: false });
    expect(await call(chair, 'keys.pkcs11ModuleStatus', { module: '/usr/lib/opensc-pkcs11.so' })).toEqual({ allowed: true, known: true });
    await expect(call(chair, 'keys.pkcs11Tokens', { module: SOFTHSM_MODULE })).rejects.toMatchObject({ code: 'pkcs11_module_not_allowed' });
    await expect(call(chair, 'keys.pkcs11ConfirmModule', { module: '/nonexistent/libfake.so' })).rejects.toMatchObject({ code: 'not_found' });
    expect((await call(chair, 'keys.pkcs11ConfirmModule', { module: SOFTHSM_MODULE })).confirmedModules).toContain(SOFTHSM_MODULE);

    const tokens = await call(chair, 'keys.pkcs11Tokens', { module: SOFTHSM_MODULE });
    expect(tokens.map((t) => t.label)).toContain(TOKEN_LABEL);
    await expect(call(chair, 'keys.pkcs11Certificates', { module: SOFTHSM_MODULE, tokenLabel: TOKEN_LABEL, pin: '000000' })).rejects.toMatchObject({ code: 'pin_incorrect' });
    const certs = await call(chair, 'keys.pkcs11Certificates', { module: SOFTHSM_MODULE, tokenLabel: TOKEN_LABEL, pin: USER_PIN });
    expect(certs).toHaveLength(1);
    expect(certs[0].subject).toContain('Đỗ Minh Đức');

    const doc = docs[3];
    const sent = await call(sec, 'signing.create', { documentId: doc.id, steps: [{ userId: users.get('chutich'), role: 'signer' }] });
    await myTurn(chair, sent.id);
    const key = { kind: 'pkcs11' as const, module: SOFTHSM_MODULE, tokenLabel: TOKEN_LABEL, certificateId: certs[0].id, pin: USER_PIN };
    await expect(call(chair, 'signing.sign', { requestId: sent.id, key: { ...key, pin: '111111' } })).rejects.toMatchObject({ code: 'pin_incorrect' });
    expect((await call(chair, 'signing.sign', { requestId: sent.id, key })).status).toBe('applied');
    await waitFor(async () => (await call(sec, 'signing.requests')).find((r) => r.id === sent.id && r.status === 'completed'), 10_000, 'completed');
    const report = await call(sec, 'signing.verify', { documentId: doc.id });
    expect(report.signatures.map((s) => [s.signer, s.verdict])).toEqual([['Đỗ Minh Đức', 'valid']]);
  }, 120_000);
});
