/**
 * The signing workflow with real parts: the sync server (demo committee) on a random port,
 * four client-service instances (the secretary, signer A = the chair, clerk B, a member), keys
 * from a PKI made by openssl at test time, imported through the bridge as .p12 files.
 * The secretary sends a document to A then B; A signs online; B signs OFFLINE (queued) and the
 * server accepts it on reconnect; both signatures verify (our verifier and pdfsig); the issued
 * document replaces the draft for the member; a return with a comment reaches the secretary; a
 * tampered upload is refused.
 */
import crypto from 'node:crypto';
import { readDocumentFile } from '../../electron/services/crypto/blob-file';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS, type Mutation } from '../../shared/api';
import { demoContent } from '../../server/demo/content';
import { startServer } from '../../server/index';
import { pkcs12Key, signPdf } from '../../signing/index';
import type { ClientServices } from '../../electron/services/index';
import { callBridge, signedInClient } from './helpers/bridge';
import { createTestPki, P12_PASSWORD, type TestPki } from '../signing/pki';
import { pdfsig } from '../signing/tools';
import { httpLogin, httpPush } from './helpers/server-api';
import { removeTempDirs, tempDir, waitFor } from './helpers/temp';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server;
let pki: TestPki;
const clients: ClientServices[] = [];

const call = callBridge;

/** A client whose network can be switched off (fetch fails as when the cable is out), or only its pulls. */
async function signedIn(username: string) {
  const net = { down: false, pullsDown: false };
  const c = await signedInClient({
    serverUrl: server.url,
    dataDir: tempDir(),
    username,
    retry: { initialMs: 60_000, maxMs: 60_000 },
    fetch: async (input, init) => {
      if (net.down) throw new TypeError('fetch failed (simulated: network down)');
      if (net.pullsDown && String(input).includes(API_PATHS.pull)) throw new TypeError('fetch failed (simulated: the pull after the push is lost)');
      return fetch(input, init);
    },
  });
  clients.push(c);
  return { c, net };
}

const blobOf = async (c: ClientServices, sha: string) => readDocumentFile((await c.blobFile(sha))!);

describe('signing workflow through the client services', () => {
  let sec: ClientServices;
  let chair: Awaited<ReturnType<typeof signedIn>>;
  let clerk: Awaited<ReturnType<typeof signedIn>>;
  let member: ClientServices;
  let users: Map<string, string>;
  let docs: { id: string; title: string; sha256: string }[];

  beforeAll(async () => {
    [server, pki] = await Promise.all([startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: tempDir('ecab-server-'), port: 0, seed: 'demo' }), createTestPki()]);
    sec = (await signedIn('thuky')).c;
    chair = await signedIn('chutich');
    clerk = await signedIn('uyvien.vanphong');
    member = (await signedIn('pct.nguyen')).c;
    users = new Map((await call(sec, 'secretariat.users')).map((u) => [u.username, u.id]));
    const today = (await call(sec, 'meetings.list')).find((m) => m.status === 'in_progress')!;
    const detail = await call(sec, 'meetings.get', { id: today.id });
    docs = [...detail.agenda.flatMap((a) => a.documents), ...detail.documents].filter((d) => d.classification !== 'confidential');
    // Keys: each signer imports his .p12 (password asked); trust roots: the test CA.
    await call(chair.c, 'keys.importP12', { base64: readFileSync(pki.rsa.p12).toString('base64'), password: P12_PASSWORD });
    await call(clerk.c, 'keys.importP12', { base64: readFileSync(pki.rsa2.p12).toString('base64'), password: P12_PASSWORD });
    for (const c of [chair.c, clerk.c, member, sec]) await call(c, 'trust.add', { pem: pki.caPem });
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) await c.close();
    await server?.close();
    await pki?.close();
    removeTempDirs();
  });

  it('A signs, B signs offline (queued, accepted on reconnect); both valid; the issued version replaces the draft for a member', async () => {
    const doc = docs[0];
    const sent = await call(sec, 'signing.create', {
      documentId: doc.id,
      note: 'Kính trình Chủ tịch ký ban hành',
      steps: [
        { userId: users.get('chutich'), role: 'signer' },
        { userId: users.get('uyvien.vanphong'), role: 'clerk' },
      ],
    });
    expect(sent.status).toBe('applied');

    // A sees it in his "to sign" list (live poke); B does not yet.
    const atA = await waitFor(async () => (await call(chair.c, 'signing.requests')).find((r) => r.id === sent.id && r.myTurn), 10_000, 'request at A');
    expect(atA.signerNames[0]).toBeTruthy();
    expect(await call(clerk.c, 'signing.requests')).toEqual([]);

    // Wrong password: a clear refusal, nothing sent.
    const [keyA] = await call(chair.c, 'keys.list');
    expect(keyA.expired).toBe(false);
    await expect(call(chair.c, 'signing.sign', { requestId: sent.id, key: { kind: 'stored', keyId: keyA.id, password: 'sai' } })).rejects.toMatchObject({ code: 'wrong_password' });

    const opened = await call(chair.c, 'signing.open', { id: sent.id });
    expect(opened.sha256).toBe(doc.sha256);
    const signedA = await call(chair.c, 'signing.sign', {
      requestId: sent.id,
      key: { kind: 'stored', keyId: keyA.id, password: P12_PASSWORD },
      title: 'TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH',
    });
    expect(signedA).toMatchObject({ status: 'applied', level: 'B-B' });

    // B receives the signed revision; he reads it (cached), then loses the network and signs.
    const atB = await waitFor(async () => (await call(clerk.c, 'signing.requests')).find((r) => r.id === sent.id && r.myTurn), 10_000, 'request at B');
    expect(atB.steps.map((s) => s.status)).toEqual(['signed', 'to_sign']);
    await call(clerk.c, 'signing.open', { id: sent.id });
    const beforeB = await call(clerk.c, 'signing.verify', { requestId: sent.id });
    expect(beforeB.signatures.map((s) => s.verdict)).toEqual(['valid']);

    clerk.net.down = true;
    const [keyB] = await call(clerk.c, 'keys.list');
    const signedB = await call(clerk.c, 'signing.sign', { requestId: sent.id, key: { kind: 'stored', keyId: keyB.id, password: P12_PASSWORD } });
    expect(signedB.status).toBe('queued');
    const queued = (await call(clerk.c, 'signing.requests')).find((r) => r.id === sent.id)!;
    expect(queued).toMatchObject({ pendingUpload: true, myTurn: false });
    // Offline, he can still read (and verify) what he signed.
    const local = await call(clerk.c, 'signing.verify', { requestId: sent.id });
    expect(local.signatures.map((s) => s.verdict)).toEqual(['valid', 'valid']);
    expect((await call(sec, 'signing.requests')).find((r) => r.id === sent.id)?.status).toBe('in_progress');

    clerk.net.down = false;
    await call(clerk.c, 'sync.now');
    const done = await waitFor(async () => (await call(sec, 'signing.requests')).find((r) => r.id === sent.id && r.status === 'completed'), 10_000, 'completed');
    expect(done.issuedVersion).toBe(2);
    expect((await call(clerk.c, 'signing.requests')).find((r) => r.id === sent.id)?.pendingUpload).toBe(false);

    // The member gets the issued document as version 2; both signatures verify, for us and for pdfsig.
    const issued = await waitFor(async () => {
      const d = (await call(member, 'documents.open', { id: doc.id })).document;
      return d.version === 2 ? d : null;
    }, 10_000, 'issued version at the member');
    expect(issued.sha256).not.toBe(doc.sha256);
    const report = await call(member, 'signing.verify', { documentId: doc.id });
    expect(report.signatures.map((s) => [s.verdict, s.chain, s.integrity])).toEqual([
      ['valid', 'trusted', 'ok'],
      ['valid', 'trusted', 'ok'],
    ]);
    expect(report.signatures[0].coversWholeFile).toBe(false);
    expect(report.signatures[1].coversWholeFile).toBe(true);
    const bytes = await blobOf(member, issued.sha256);
    const file = path.join(tempDir(), 'issued.pdf');
    writeFileSync(file, bytes);
    const ps = await pdfsig(file, pki.nssDir);
    expect(ps.signatures).toHaveLength(2);
    for (const s of ps.signatures) {
      expect(s.validation).toBe('Signature is Valid.');
      expect(s.certificate).toBe('Certificate is Trusted.');
    }
    // The draft is kept in the history; the badge shows on the meeting page.
    const extras = await call(member, 'meetings.extras', { id: issued.meetingId });
    expect(extras.versions.filter((v) => v.documentId === doc.id).map((v) => v.version)).toEqual([1, 2]);
    expect(await call(member, 'signing.signedDocuments', { meetingId: issued.meetingId })).toContain(doc.id);
  }, 120_000);

  it('a return with a comment goes back to the secretary; a tampered upload is refused with a clear reason', async () => {
    const doc = docs[1];
    const sent = await call(sec, 'signing.create', { documentId: doc.id, steps: [{ userId: users.get('chutich'), role: 'signer' }] });
    await waitFor(async () => (await call(chair.c, 'signing.requests')).find((r) => r.id === sent.id && r.myTurn), 10_000, 'request at A');

    // Tampered: a whole-file rewrite signed with A's key (not an incremental update of what was sent).
    const opened = await call(chair.c, 'signing.open', { id: sent.id });
    const original = await blobOf(chair.c, opened.sha256);
    const { PDFDocument } = await import('@cantoo/pdf-lib');
    const rewritten = await (await PDFDocument.load(original)).save({ useObjectStreams: false });
    const forged = (await signPdf(rewritten, { key: pkcs12Key(readFileSync(pki.rsa.p12), P12_PASSWORD) })).bytes;
    const sha = crypto.createHash('sha256').update(forged).digest('hex');
    const token = (await httpLogin(server.url, 'chutich', demoContent.password)).accessToken;
    const put = await fetch(`${server.url}/api/blobs/${sha}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' }, body: forged });
    expect(put.ok).toBe(true);
    const req = (await call(chair.c, 'signing.requests')).find((r) => r.id === sent.id)!;
    const m: Mutation = { id: crypto.randomUUID(), kind: 'signatureRequest.sign', args: { requestId: sent.id, stepId: req.steps[0].id, sha256: sha } };
    const [refused] = (await httpPush(server.url, token, [m])).results;
    expect(refused.error?.code).toBe('signed_upload_refused');
    expect(refused.error?.details?.reason).toBe('not_incremental_update');

    const back = await call(chair.c, 'signing.return', { requestId: sent.id, comment: 'Đề nghị bổ sung căn cứ pháp lý.' });
    expect(back.status).toBe('applied');
    const atSec = await waitFor(async () => (await call(sec, 'signing.requests')).find((r) => r.id === sent.id && r.status === 'returned'), 10_000, 'returned');
    expect(atSec.steps[0]).toMatchObject({ status: 'returned', comment: 'Đề nghị bổ sung căn cứ pháp lý.' });
    // Nothing changed for the members.
    expect((await call(member, 'documents.open', { id: doc.id })).document.sha256).toBe(doc.sha256);
  }, 120_000);
  it('right after his signature is accepted, before the next pull, the signer sees the verdict of what he signed', async () => {
    const doc = docs[2];
    const sent = await call(sec, 'signing.create', { documentId: doc.id, steps: [{ userId: users.get('chutich'), role: 'signer' }] });
    await waitFor(async () => (await call(chair.c, 'signing.requests')).find((r) => r.id === sent.id && r.myTurn), 10_000, 'request at A');
    const [key] = await call(chair.c, 'keys.list');
    // The push that carries the signature is answered; the pull that would bring the issued request is lost.
    chair.net.pullsDown = true;
    try {
      const signed = await call(chair.c, 'signing.sign', { requestId: sent.id, key: { kind: 'stored', keyId: key.id, password: P12_PASSWORD } });
      expect(signed.status).toBe('applied');
      const opened = await call(chair.c, 'signing.open', { id: sent.id });
      expect(opened.sha256).not.toBe(doc.sha256);
      // The screen asks for the verdict of that revision: it is his signed file, not the unsigned one.
      const report = await call(chair.c, 'signing.verify', { requestId: sent.id });
      expect(report.signatures).toHaveLength(1);
      expect(report.signatures[0].verdict).toBe('valid');
    } finally {
      chair.net.pullsDown = false;
    }
    // Once the pull brings the issued request, the same revision and verdict.
    await call(chair.c, 'sync.now');
    await waitFor(async () => (await call(chair.c, 'signing.requests')).find((r) => r.id === sent.id && r.status === 'completed'), 10_000, 'completed at A');
    expect((await call(chair.c, 'signing.verify', { requestId: sent.id })).signatures).toHaveLength(1);
  }, 120_000);
});
