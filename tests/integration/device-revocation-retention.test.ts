/**
 * A revoked device erases the account's data on its next contact with the server, and the
 * retention policy takes documents off devices: real server, real client services, real SQLite
 * cache and real cached PDFs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PATHS } from '../../shared/admin';
import type { BridgeEventPayload } from '../../shared/bridge';
import { DEFAULT_RETENTION_POLICY, type RetentionPolicy } from '../../shared/rules/retention';
import { demoContent } from '../../server/demo/content';
import { startServer } from '../../server/index';
import { createClientServices, dispatchBridgeCall, type ClientServices } from '../../electron/services/index';
import { callBridge as call } from './helpers/bridge';
import { httpLogin } from './helpers/server-api';
import { openClientCacheFile } from './helpers/client-cache-file';
import { removeTempDirs, tempDir, waitFor } from './helpers/temp';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';

let server: Awaited<ReturnType<typeof startServer>>;
let adminToken: string;
const clients: ClientServices[] = [];
const member = demoContent.users.find((u) => u.key === 'pct.nguyen')!;

beforeAll(async () => {
  server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: tempDir('ecab-server-'), port: 0, seed: 'demo', logger: false });
  adminToken = (await httpLogin(server.url, 'admin', demoContent.password)).accessToken;
});
afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  await server?.close();
  removeTempDirs();
});

async function admin(method: string, p: string, body?: unknown) {
  const res = await fetch(server.url + p, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<any>;
}

/** A device: its own data folder; pushes can be held back to keep writes queued. */
async function device(deviceName: string) {
  const dataDir = tempDir();
  const gate = { holdPushes: false };
  const f: typeof fetch = (input, init) =>
    gate.holdPushes && new URL(String(input)).pathname === '/api/sync/push' ? Promise.reject(Object.assign(new Error('offline'), { code: 'ECONNREFUSED' })) : fetch(input, init);
  const c = await createClientServices({ dataDir, defaultServerUrl: server.url, documentUrl: (s) => s, mode: 'browser', version: 't', deviceName, fetch: f, retry: { initialMs: 50, maxMs: 200 } });
  clients.push(c);
  const ended: BridgeEventPayload<'session.ended'>[] = [];
  c.on('session.ended', (e) => ended.push(e));
  return { c, dataDir, gate, ended };
}

/** Reads the device's cache file with its key (what a wipe must leave: nothing, even to the key holder). */
function cacheRows(dataDir: string, sql: string): unknown[] {
  const db = openClientCacheFile(dataDir, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}
const count = (dataDir: string, table: string) => (cacheRows(dataDir, `SELECT COUNT(*) AS n FROM ${table}`)[0] as { n: number }).n;
const filesUnder = (dir: string): string[] =>
  fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : [];

async function closedMeeting(c: ClientServices) {
  const meetings = await call(c, 'meetings.list');
  const closed = meetings.find((m) => m.status === 'closed')!;
  const detail = await call(c, 'meetings.get', { id: closed.id });
  const docs = [...detail.documents, ...detail.agenda.flatMap((a) => a.documents)];
  return { closed, docs };
}

describe('revoked device', () => {
  it('erases the account data on its next contact, unsent writes included, and returns to sign-in with the reason', async () => {
    const lost = await device('Laptop bị mất');
    const kept = await device('Máy tính bảng');
    await call(lost.c, 'session.login', { username: member.username, password: demoContent.password });
    await call(kept.c, 'session.login', { username: member.username, password: demoContent.password });
    await call(lost.c, 'sync.now');
    const { docs } = await closedMeeting(lost.c);
    await call(lost.c, 'documents.open', { id: docs[0].id });
    // A write the server has not received yet.
    lost.gate.holdPushes = true;
    await call(lost.c, 'documents.markViewed', { id: docs[0].id });
    expect(count(lost.dataDir, 'outbox')).toBe(1);
    expect(count(lost.dataDir, 'documents')).toBeGreaterThan(0);
    expect(filesUnder(path.join(lost.dataDir, 'blobs')).length).toBeGreaterThan(0);
    // An imported signing key (encrypted by its password, but open to guessing on a lost laptop).
    fs.mkdirSync(path.join(lost.dataDir, 'keys'), { recursive: true });
    fs.writeFileSync(path.join(lost.dataDir, 'keys', 'key-1.json'), '{"encrypted":"…"}');

    const sessions = await admin('GET', ADMIN_PATHS.userSessions((await call(lost.c, 'session.current'))!.user.id));
    const lostSession = sessions.sessions.find((s: any) => s.deviceName === 'Laptop bị mất' && !s.revokedAt);
    expect(lostSession.platform).toBe(`${process.platform} ${process.arch}`);
    await admin('POST', ADMIN_PATHS.revokeSessions(sessions.user.id), { sessionId: lostSession.id });

    // Its next contact: a sync.
    lost.gate.holdPushes = false;
    await dispatchBridgeCall(lost.c.handlers, 'sync.now', {});
    await waitFor(() => lost.ended.length > 0, undefined, 'session ended');
    expect(lost.ended).toEqual([{ reason: 'device_revoked' }]);
    expect(await call(lost.c, 'session.current')).toBeNull();
    for (const table of ['documents', 'meetings', 'participants', 'users', 'organization', 'outbox', 'session', 'doc_text_pages', 'blobs'])
      expect(count(lost.dataDir, table), table).toBe(0);
    expect(filesUnder(path.join(lost.dataDir, 'blobs'))).toEqual([]);
    expect(filesUnder(path.join(lost.dataDir, 'keys'))).toEqual([]);
    const r = await dispatchBridgeCall(lost.c.handlers, 'meetings.list', {});
    expect(r.ok).toBe(false);

    // The other device of the same account goes on.
    expect(await call(kept.c, 'sync.now')).toMatchObject({ state: 'online' });
    expect(kept.ended).toEqual([]);
  });

  it('a device of a disabled account is erased too, and the account cannot sign in again', async () => {
    const d = await device('Máy văn phòng');
    await call(d.c, 'session.login', { username: 'pct.le', password: demoContent.password });
    await call(d.c, 'sync.now');
    const me = (await call(d.c, 'session.current'))!.user.id;
    await admin('POST', ADMIN_PATHS.userDisabled(me), { disabled: true });
    await dispatchBridgeCall(d.c.handlers, 'sync.now', {});
    await waitFor(() => d.ended.length > 0, undefined, 'session ended');
    expect(d.ended).toEqual([{ reason: 'device_revoked' }]);
    expect(count(d.dataDir, 'meetings')).toBe(0);
    const again = await dispatchBridgeCall(d.c.handlers, 'session.login', { username: 'pct.le', password: demoContent.password });
    expect(again).toMatchObject({ ok: false, error: { code: 'account_disabled' } });
    await admin('POST', ADMIN_PATHS.userDisabled(me), { disabled: false });
  });
});

describe('retention on the device', () => {
  const policy = (p: Partial<RetentionPolicy>): RetentionPolicy => ({ ...DEFAULT_RETENTION_POLICY, ...p });

  it('removes the cached file and search text when the date passes, says so in the list, and refuses or allows a new download per the policy', async () => {
    const d = await device('Máy đọc');
    await call(d.c, 'session.login', { username: 'uyvien.taichinh', password: demoContent.password });
    await call(d.c, 'sync.now');
    const { closed, docs } = await closedMeeting(d.c);
    const internal = docs.find((x) => x.classification === 'internal')!;
    const publicDoc = docs.find((x) => x.classification === 'public')!;
    await call(d.c, 'documents.open', { id: internal.id });
    await call(d.c, 'documents.open', { id: publicDoc.id });
    // Its text is indexed for search, like every cached document.
    await waitFor(() => count(d.dataDir, 'doc_text_pages') > 0 && cacheRows(d.dataDir, `SELECT 1 FROM doc_text_status WHERE sha256 = '${internal.sha256}'`).length > 0, undefined, 'text indexed');

    // Before: the default policy keeps internal papers; the list shows no date for them.
    let detail = await closedMeeting(d.c);
    expect(detail.docs.find((x) => x.id === internal.id)!.retention).toEqual({ removeAt: null, removed: false, redownload: true });

    // The organisation: internal papers leave devices 7 days after the meeting, no new download.
    await admin('PUT', ADMIN_PATHS.retention, policy({ internal: { daysAfterClose: 7, redownload: false } }));
    await call(d.c, 'sync.now');
    const removeAt = new Date(Date.parse(closed.endsAt) + 7 * 24 * 3600_000).toISOString();
    detail = await waitFor(async () => {
      const now = await closedMeeting(d.c);
      return now.docs.find((x) => x.id === internal.id)!.cached === false ? now : null;
    }, undefined, 'internal document removed');
    expect(detail.docs.find((x) => x.id === internal.id)!.retention).toEqual({ removeAt, removed: true, redownload: false });
    expect(cacheRows(d.dataDir, `SELECT sha256 FROM blobs WHERE sha256 = '${internal.sha256}'`)).toEqual([]);
    expect(filesUnder(path.join(d.dataDir, 'blobs')).some((f) => f.startsWith(internal.sha256))).toBe(false);
    expect(cacheRows(d.dataDir, `SELECT 1 FROM doc_text_pages WHERE sha256 = '${internal.sha256}'`)).toEqual([]);
    // The public one stays.
    expect(detail.docs.find((x) => x.id === publicDoc.id)).toMatchObject({ cached: true, retention: { removeAt: null, removed: false } });
    // Opening it again is refused with the reason.
    expect(await dispatchBridgeCall(d.c.handlers, 'documents.open', { id: internal.id })).toMatchObject({ ok: false, error: { code: 'retention_removed' } });

    // A policy that permits a new download: it opens again (online), to be read.
    await admin('PUT', ADMIN_PATHS.retention, policy({ internal: { daysAfterClose: 7, redownload: true } }));
    await call(d.c, 'sync.now');
    await waitFor(async () => (await closedMeeting(d.c)).docs.find((x) => x.id === internal.id)!.retention?.redownload === true, undefined, 'new policy');
    const opened = await call(d.c, 'documents.open', { id: internal.id });
    expect(opened.document).toMatchObject({ cached: true, retention: { removed: true, redownload: true } });
  });

  it('a document whose date passed while the app was closed is gone at the next start before its file can be read, the background work of the start waiting for the first screen', async () => {
    const d = await device('Máy mở lại');
    await call(d.c, 'session.login', { username: 'uyvien.taichinh', password: demoContent.password });
    // Internal papers leave devices ten years after their meeting: not yet.
    await admin('PUT', ADMIN_PATHS.retention, policy({ internal: { daysAfterClose: 3650, redownload: false } }));
    await call(d.c, 'sync.now');
    const { closed, docs } = await closedMeeting(d.c);
    const internal = docs.find((x) => x.classification === 'internal')!;
    await call(d.c, 'documents.open', { id: internal.id });
    expect(await d.c.blobFile(internal.sha256)).not.toBeNull();
    await d.c.close();

    // Started again on a day past that date, as the shells start it: background work waits for
    // the first screen (here it never comes on its own).
    const later = new Date(Date.parse(closed.endsAt) + 3651 * 24 * 3600_000);
    const c = await createClientServices({
      dataDir: d.dataDir,
      defaultServerUrl: server.url,
      documentUrl: (s) => s,
      mode: 'browser',
      version: 't',
      now: () => later,
      backgroundAfterFirstScreenMs: 600_000,
      backgroundAfterListMs: 600_000,
    });
    clients.push(c);
    // The file is asked for first thing (a link to it kept from the last run): not served, gone.
    expect(await c.blobFile(internal.sha256)).toBeNull();
    expect(filesUnder(path.join(d.dataDir, 'blobs')).some((f) => f.startsWith(internal.sha256))).toBe(false);
    const detail = await closedMeeting(c);
    expect(detail.docs.find((x) => x.id === internal.id)).toMatchObject({ cached: false, retention: { removed: true, redownload: false } });
  });

  it('shows when a confidential document of a coming meeting will leave the device', async () => {
    const d = await device('Máy chủ tịch');
    await call(d.c, 'session.login', { username: 'chutich', password: demoContent.password });
    await call(d.c, 'sync.now');
    await admin('PUT', ADMIN_PATHS.retention, DEFAULT_RETENTION_POLICY);
    await call(d.c, 'sync.now');
    const meetings = await call(d.c, 'meetings.list');
    const found = [];
    for (const m of meetings.filter((x) => x.status !== 'closed')) {
      const detail = await call(d.c, 'meetings.get', { id: m.id });
      for (const doc of [...detail.documents, ...detail.agenda.flatMap((a) => a.documents)])
        if (doc.classification === 'confidential') found.push({ doc, endsAt: m.endsAt });
    }
    expect(found.length).toBeGreaterThan(0);
    for (const { doc, endsAt } of found)
      expect(doc.retention).toEqual({ removeAt: new Date(Date.parse(endsAt) + 30 * 24 * 3600_000).toISOString(), removed: false, redownload: true });
  });
});
