/**
 * A PDF bomb (a few hundred KB that inflate to gigabytes) uploaded by the signer whose turn it
 * is, or by the secretariat. Every uploaded PDF is measured in a worker thread before it is
 * stored: the measure stops at the inflate limit with a clear error in Vietnamese and English,
 * the server keeps answering meanwhile, its memory does not grow by what the bomb expands to,
 * and the step stays open for the real signed file. A submitted signed file is checked again in
 * the worker before the push transaction. Deeply nested and huge-object-count files are refused
 * the same way.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation, MutationResult } from '../../shared/api';
import { pkcs12Key, signPdf } from '../../signing/index';
import { uploadChecker } from '../../server/signing-workflow/upload-checker';
import { registerBlob } from '../../server/blobs/store';
import { FsBlobStore } from '../../server/blobs/fs-store';
import { createTestPki, P12_PASSWORD, type TestPki } from '../signing/pki';
import { appendUpdate, contentBomb, deeplyNested, manyObjects, objectStreamBomb } from '../signing/pdf-bombs';
import { call, pushOk, seedCommittee, sha256Hex, startTestServer, uploadPdf, type TestServer } from './helpers';

type Committee = Awaited<ReturnType<typeof seedCommittee>>;
const MB = 1024 * 1024;

describe('a PDF bomb submitted as a signed file', () => {
  let s: TestServer;
  let c: Committee;
  let pki: TestPki;
  const tok = (u: string) => c.users[u].token;

  const push1 = async (token: string, m: Mutation, locale = 'vi'): Promise<MutationResult> => {
    const r = await call(s.url, 'POST', '/api/sync/push', { token, body: { mutations: [m] }, headers: { 'accept-language': locale } });
    expect(r.status).toBe(200);
    return r.body.results[0];
  };
  /** A request for the chair to sign `documentId`; his step is the one that is "to sign". */
  const requestForChair = async (documentId: string) => {
    const id = randomUUID();
    const stepId = randomUUID();
    await pushOk(s.url, tok('thuky'), {
      id: randomUUID(),
      kind: 'signatureRequest.create',
      args: { id, documentId, note: 'Kính trình ký', steps: [{ id: stepId, userId: c.users.chutich.id, role: 'signer' }] },
    });
    return { id, stepId };
  };
  const sign = (requestId: string, stepId: string, bytes: Uint8Array): Mutation => ({ id: randomUUID(), kind: 'signatureRequest.sign', args: { requestId, stepId, sha256: sha256Hex(bytes) } });
  const submit = async (r: { id: string; stepId: string }, bytes: Uint8Array, locale = 'vi') => {
    expect((await uploadPdf(s.url, tok('chutich'), bytes)).status).toBe(201);
    return push1(tok('chutich'), sign(r.id, r.stepId, bytes), locale);
  };

  beforeAll(async () => {
    [s, pki] = await Promise.all([startTestServer(), createTestPki()]);
    c = await seedCommittee(s);
  }, 120_000);
  afterAll(async () => {
    await s?.stop();
    await pki?.close();
  });

  it('an uploaded bomb is refused before it is stored, with a clear error in both languages; /api/health answers while it is measured; memory stays flat', async () => {
    const r = await requestForChair(c.docA);
    // About 1 MB that inflates to 1 GB: a content stream and an object stream of 512 MB each.
    const bomb = appendUpdate(c.pdfA, [await contentBomb(512), await objectStreamBomb(512)]);
    expect(bomb.length).toBeLessThan(2 * MB);
    const peakBefore = process.resourceUsage().maxRSS * 1024;

    const events: string[] = [];
    const checker = uploadChecker();
    let health: Promise<void> = Promise.resolve();
    checker.events.once('start', () => {
      events.push('measure started');
      health = call(s.url, 'GET', '/api/health').then((h) => {
        expect(h.status).toBe(200);
        events.push('health answered');
      });
    });
    checker.events.once('end', () => events.push('measure ended'));
    const refused = await call(s.url, 'PUT', `/api/blobs/${sha256Hex(bomb)}`, { token: tok('chutich'), body: bomb, headers: { 'content-type': 'application/pdf', 'accept-language': 'vi' } });
    events.push('upload answered');
    await health;
    expect(events).toEqual(['measure started', 'health answered', 'measure ended', 'upload answered']);

    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('pdf_too_complex');
    expect(refused.body.error.details?.limit).toBe('inflated_size');
    expect(refused.body.error.message).toMatch(/bom PDF/);
    const english = await call(s.url, 'PUT', `/api/blobs/${sha256Hex(bomb)}`, { token: tok('chutich'), body: bomb, headers: { 'content-type': 'application/pdf', 'accept-language': 'en' } });
    expect(english.body.error.message).toMatch(/PDF bomb/);
    // Never stored: nobody can be sent it.
    expect((await call(s.url, 'GET', `/api/blobs/${sha256Hex(bomb)}`, { token: tok('thuky') })).status).toBe(404);
    expect((await push1(tok('chutich'), sign(r.id, r.stepId, bomb))).error?.code).toBe('validation_failed');

    // The inflated gigabyte never existed in this process (server, worker and test share it).
    const peakGrowth = process.resourceUsage().maxRSS * 1024 - peakBefore;
    expect(peakGrowth).toBeLessThan(256 * MB);

    // Still his turn: the real signed file goes through.
    const good = (await signPdf(c.pdfA, { key: pkcs12Key(readFileSync(pki.rsa.p12), P12_PASSWORD) })).bytes;
    expect((await submit(r, good)).status).toBe('applied');
  });

  it('a bomb already in the store (kept from before uploads were measured) is still refused when submitted as a signed file', async () => {
    const r = await requestForChair(c.docB);
    const bomb = appendUpdate(c.pdfB, [await contentBomb(512)]);
    const stored = await new FsBlobStore(join(s.dataDir, 'blobs'), s.dataDir).putBytes(bomb);
    await registerBlob(s.db, stored.sha256, stored.size, new Date());
    const refused = await push1(tok('chutich'), sign(r.id, r.stepId, bomb));
    expect(refused.status).toBe('rejected');
    expect(refused.error?.code).toBe('pdf_too_complex');
    expect(refused.error?.details?.limit).toBe('inflated_size');
  });

  it('checks before the transaction: a request cancelled while the file is checked is not signed', async () => {
    // A legitimate file that takes a while to check: a 96 MB content stream (under the limits).
    const sent = appendUpdate(c.pdfD, [await contentBomb(96)]);
    expect((await uploadPdf(s.url, tok('thuky'), sent)).status).toBe(201);
    const documentId = randomUUID();
    await pushOk(s.url, tok('thuky'), c.document(documentId, c.meetingA, sent));
    const r = await requestForChair(documentId);
    const signed = (await signPdf(sent, { key: pkcs12Key(readFileSync(pki.rsa.p12), P12_PASSWORD) })).bytes;

    // The database is free while the worker checks: the secretariat's cancel goes through.
    expect((await uploadPdf(s.url, tok('chutich'), signed)).status).toBe(201);
    const events: string[] = [];
    const checker = uploadChecker();
    let cancel: Promise<void> = Promise.resolve();
    checker.events.once('start', () => {
      events.push('check started');
      cancel = push1(tok('thuky'), { id: randomUUID(), kind: 'signatureRequest.cancel', args: { requestId: r.id } }).then((x) => {
        expect(x.status).toBe('applied');
        events.push('cancel applied');
      });
    });
    checker.events.once('end', () => events.push('check ended'));
    const answer = await push1(tok('chutich'), sign(r.id, r.stepId, signed));
    events.push('sign answered');
    await cancel;
    expect(events).toEqual(['check started', 'cancel applied', 'check ended', 'sign answered']);
    // Committed only if still his turn: it was not.
    expect(answer.error?.code).toBe('not_your_turn');
  });

  it('refuses uploads with arrays nested too deep or too many objects, naming the limit', async () => {
    const upload = (bytes: Uint8Array) =>
      call(s.url, 'PUT', `/api/blobs/${sha256Hex(bytes)}`, { token: tok('thuky'), body: bytes, headers: { 'content-type': 'application/pdf' } });
    const nested = await upload(appendUpdate(c.pdfB, [deeplyNested(5000)]));
    expect(nested.status).toBe(422);
    expect(nested.body.error.details?.limit).toBe('nesting_depth');
    const many = await upload(appendUpdate(c.pdfB, manyObjects(600_000)));
    expect(many.status).toBe(422);
    expect(many.body.error.details?.limit).toBe('object_count');
  });
});
