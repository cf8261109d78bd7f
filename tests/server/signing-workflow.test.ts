/**
 * The signing workflow (trình ký) on a real server with real signatures: ordered signers,
 * private scopes (a signer sees the request from his turn on, even when not in the meeting),
 * the check that an upload is an incremental update of the revision sent, the issued document
 * replacing the draft for the participants (history kept), returns with a comment, audit.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation, MutationResult } from '../../shared/api';
import type { SignatureRequest } from '../../shared/signing-workflow';
import { pkcs12Key, signPdf, verifyPdf } from '../../signing/index';
import { bogusStartxref } from '../signing/broken-pdfs';
import { createTestPki, P12_PASSWORD, type TestPki } from '../signing/pki';
import { call, pullAll, pushOk, seedCommittee, sha256Hex, startTestServer, uploadPdf, type TestServer } from './helpers';

type Committee = Awaited<ReturnType<typeof seedCommittee>>;

describe('signing workflow (server)', () => {
  let s: TestServer;
  let c: Committee;
  let pki: TestPki;
  const tok = (u: string) => c.users[u].token;

  const push1 = async (token: string, m: Mutation): Promise<MutationResult> => {
    const r = await call(s.url, 'POST', '/api/sync/push', { token, body: { mutations: [m] } });
    expect(r.status).toBe(200);
    return r.body.results[0];
  };
  const requestOf = async (user: string, id: string): Promise<SignatureRequest | undefined> => {
    const { changes } = await pullAll(s.url, tok(user));
    const ch = changes.find((x) => x.entity === 'signatureRequest' && x.id === id && x.op === 'upsert');
    return ch && ch.entity === 'signatureRequest' && ch.op === 'upsert' ? ch.data : undefined;
  };
  const download = async (user: string, sha: string) => {
    const r = await fetch(`${s.url}/api/blobs/${sha}`, { headers: { authorization: `Bearer ${tok(user)}` } });
    return { status: r.status, bytes: new Uint8Array(await r.arrayBuffer()) };
  };
  const signBytes = async (bytes: Uint8Array, p12: string) => (await signPdf(bytes, { key: pkcs12Key(readFileSync(p12), P12_PASSWORD) })).bytes;
  const create = (documentId: string, steps: { userId: string; role: 'signer' | 'clerk' }[]) => {
    const id = randomUUID();
    const stepIds = steps.map(() => randomUUID());
    const m: Mutation = { id: randomUUID(), kind: 'signatureRequest.create', args: { id, documentId, note: 'Kính trình ký', steps: steps.map((x, i) => ({ id: stepIds[i], ...x })) } };
    return { id, stepIds, m };
  };
  const sign = (requestId: string, stepId: string, sha256: string): Mutation => ({ id: randomUUID(), kind: 'signatureRequest.sign', args: { requestId, stepId, sha256 } });

  beforeAll(async () => {
    [s, pki] = await Promise.all([startTestServer(), createTestPki()]);
    c = await seedCommittee(s);
  }, 120_000);
  afterAll(async () => {
    await s?.stop();
    await pki?.close();
  });

  it('sends to the chair then the clerk; each sees it at his turn; tampered uploads are refused; the last signature issues the document', async () => {
    // "binh" is not a participant of meeting A: as the clerk he still gets the request and its bytes.
    const r = create(c.docA, [
      { userId: c.users.chutich.id, role: 'signer' },
      { userId: c.users.binh.id, role: 'clerk' },
    ]);
    expect((await push1(tok('an'), { ...r.m, id: randomUUID() })).error?.code).toBe('forbidden');
    await pushOk(s.url, tok('thuky'), r.m);

    const atChair = await requestOf('chutich', r.id);
    expect(atChair?.steps.map((x) => x.status)).toEqual(['to_sign', 'waiting']);
    expect(atChair?.currentSha256).toBe(sha256Hex(c.pdfA));
    expect(await requestOf('binh', r.id)).toBeUndefined();
    expect(await requestOf('chi', r.id)).toBeUndefined();
    expect((await requestOf('thuky', r.id))?.status).toBe('in_progress');

    // Not his turn: the clerk may neither upload nor sign yet.
    const sent = await download('chutich', atChair!.currentSha256);
    expect(sent.status).toBe(200);
    const early = await signBytes(sent.bytes, pki.rsa2.p12);
    expect((await uploadPdf(s.url, tok('binh'), early)).status).toBe(403);
    expect((await push1(tok('binh'), sign(r.id, r.stepIds[1], sha256Hex(early)))).error?.code).toBe('not_your_turn');

    const first = await signBytes(sent.bytes, pki.rsa.p12);
    expect((await uploadPdf(s.url, tok('chutich'), first)).status).toBe(201);
    await pushOk(s.url, tok('chutich'), sign(r.id, r.stepIds[0], sha256Hex(first)));

    const atClerk = await requestOf('binh', r.id);
    expect(atClerk?.steps.map((x) => x.status)).toEqual(['signed', 'to_sign']);
    expect(atClerk?.currentSha256).toBe(sha256Hex(first));
    expect((await download('binh', atClerk!.currentSha256)).status).toBe(200);
    expect((await download('chi', atClerk!.currentSha256)).status).toBe(404);

    // A whole-file rewrite (signing the original draft, not the revision sent) is refused.
    const rewrite = await signBytes(c.pdfA, pki.rsa2.p12);
    expect((await uploadPdf(s.url, tok('binh'), rewrite)).status).toBe(201);
    const refused = await push1(tok('binh'), sign(r.id, r.stepIds[1], sha256Hex(rewrite)));
    expect(refused.error?.code).toBe('signed_upload_refused');
    expect(refused.error?.details?.reason).toBe('not_incremental_update');
    expect(refused.error?.message).toMatch(/cập nhật gia tăng|incremental/);
    // Bytes appended that are not a signed incremental update are refused too.
    const appended = new Uint8Array([...first, ...Buffer.from('\n% not an update\n')]);
    await uploadPdf(s.url, tok('binh'), appended);
    expect((await push1(tok('binh'), sign(r.id, r.stepIds[1], sha256Hex(appended)))).error?.details?.reason).toBe('no_new_signature');
    // A flipped byte in the chair's signed range breaks the earlier signature.
    const second = await signBytes(first, pki.rsa2.p12);
    const flipped = new Uint8Array(second);
    flipped[first.length + 40] ^= 0x01; // inside the new update, so not a prefix problem
    await uploadPdf(s.url, tok('binh'), flipped);
    const bad = await push1(tok('binh'), sign(r.id, r.stepIds[1], sha256Hex(flipped)));
    expect(bad.error?.code).toBe('signed_upload_refused');

    await uploadPdf(s.url, tok('binh'), second);
    await pushOk(s.url, tok('binh'), sign(r.id, r.stepIds[1], sha256Hex(second)));
    const done = await requestOf('thuky', r.id);
    expect(done?.status).toBe('completed');
    expect(done?.issuedVersion).toBe(2);

    // The member "an" (participant of A) now gets the issued, twice-signed file as version 2.
    const { changes } = await pullAll(s.url, tok('an'));
    const doc = changes.find((x) => x.entity === 'document' && x.id === c.docA);
    expect(doc?.entity === 'document' && doc.op === 'upsert' && doc.data.sha256).toBe(sha256Hex(second));
    expect(doc?.entity === 'document' && doc.op === 'upsert' && doc.data.version).toBe(2);
    const versions = changes.filter((x) => x.entity === 'documentVersion' && x.op === 'upsert').map((x) => (x.op === 'upsert' ? x.data : null));
    expect(versions.filter((v) => v && 'documentId' in v && v.documentId === c.docA).map((v) => (v as { version: number }).version).sort()).toEqual([1, 2]);
    const issued = await download('an', sha256Hex(second));
    const report = await verifyPdf(issued.bytes, { trustRoots: [pki.caPem], online: false });
    expect(report.signatures.map((x) => x.integrity)).toEqual(['ok', 'ok']);
    expect(report.signatures.every((x) => x.chain === 'trusted')).toBe(true);
    // The draft is still there in the history.
    expect((await download('an', sha256Hex(c.pdfA))).status).toBe(200);

    const audit = await call(s.url, 'GET', '/api/audit', { token: tok('thuky') });
    const actions = (audit.body.entries as { action: string; entityId: string }[]).filter((e) => e.entityId === r.id || e.entityId === c.docA).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['signatureRequest.create', 'signatureRequest.sign', 'signatureRequest.issue']));
  });

  it('a file sent with broken cross-references: the repaired copy a signer signs is refused, telling him why and what to do', async () => {
    const broken = bogusStartxref(c.pdfA, 200);
    expect((await uploadPdf(s.url, tok('thuky'), broken)).status).toBe(201);
    const docId = randomUUID();
    await pushOk(s.url, tok('thuky'), c.document(docId, c.meetingA, broken, c.itemA));
    const r = create(docId, [{ userId: c.users.chutich.id, role: 'signer' }]);
    await pushOk(s.url, tok('thuky'), r.m);

    // Signing has to rewrite the file first: the result says so, and is not an update of what was sent.
    const made = await signPdf(broken, { key: pkcs12Key(readFileSync(pki.rsa.p12), P12_PASSWORD) });
    expect(made.repaired).toBe(true);
    expect((await uploadPdf(s.url, tok('chutich'), made.bytes)).status).toBe(201);
    const m = sign(r.id, r.stepIds[0], sha256Hex(made.bytes));
    const vi = (await call(s.url, 'POST', '/api/sync/push', { token: tok('chutich'), body: { mutations: [m] } })).body.results[0];
    expect(vi.error?.code).toBe('signed_file_repaired');
    expect(vi.error?.message).toMatch(/^Tệp trình ký bị hỏng cấu trúc .* sửa cấu trúc trước khi ký\..*Hãy trả lại yêu cầu để văn thư xuất lại tệp PDF/);
    const en = (await call(s.url, 'POST', '/api/sync/push', { token: tok('chutich'), body: { mutations: [{ ...m, id: randomUUID() }] }, headers: { 'accept-language': 'en' } })).body.results[0];
    expect(en.error?.message).toMatch(/repaired before signing.*Return the request so that the secretariat exports the PDF again/);
    // The step stays open: he can return it with a comment.
    expect((await requestOf('chutich', r.id))?.steps.map((x) => x.status)).toEqual(['to_sign']);
  });

  it('a signer returns it with a comment: it goes back to the secretariat and can no longer be signed', async () => {
    const r = create(c.docB, [{ userId: c.users.binh.id, role: 'signer' }]);
    await pushOk(s.url, tok('thuky'), r.m);
    // One request at a time per document.
    expect((await push1(tok('thuky'), create(c.docB, [{ userId: c.users.an.id, role: 'signer' }]).m)).error?.code).toBe('conflict');
    const ret: Mutation = { id: randomUUID(), kind: 'signatureRequest.return', args: { requestId: r.id, stepId: r.stepIds[0], comment: 'Đề nghị sửa số liệu tại trang 2.' } };
    expect((await push1(tok('an'), { ...ret, id: randomUUID() })).error?.code).toBe('not_found');
    await pushOk(s.url, tok('binh'), ret);
    const back = await requestOf('thuky', r.id);
    expect(back?.status).toBe('returned');
    expect(back?.steps[0]).toMatchObject({ status: 'returned', comment: 'Đề nghị sửa số liệu tại trang 2.' });
    const sent = await download('binh', back!.currentSha256);
    const signed = await signBytes(sent.bytes, pki.rsa3.p12);
    expect((await uploadPdf(s.url, tok('binh'), signed)).status).toBe(403);
    expect((await push1(tok('binh'), sign(r.id, r.stepIds[0], sha256Hex(signed)))).error?.code).toBe('not_your_turn');
  });

  it('refuses a clerk before a signer and a signer outside the organisation', async () => {
    const wrongOrder = create(c.docD, [
      { userId: c.users.binh.id, role: 'clerk' },
      { userId: c.users.chutich.id, role: 'signer' },
    ]);
    expect((await push1(tok('thuky'), wrongOrder.m)).error?.code).toBe('validation_failed');
    const stranger = create(c.docD, [{ userId: randomUUID(), role: 'signer' }]);
    expect((await push1(tok('thuky'), stranger.m)).error?.code).toBe('validation_failed');
  });
});
