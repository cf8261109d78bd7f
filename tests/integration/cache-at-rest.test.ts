/**
 * The client cache at rest, on real files: the words of a confidential demo PDF (in the search
 * index) and a private annotation note never appear in clear in cache.sqlite or its WAL, while
 * signed in and after logout, nor do the cached PDFs' bytes; an unencrypted cache of the previous version is encrypted on
 * first start with every row kept; a wrong key opens nothing and changes nothing; the files are
 * private to the OS account.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeMethodName, BridgeOutput } from '../../shared/bridge';
import { foldVietnamese } from '../../shared/text/fold';
import { demoContent } from '../../server/demo/content';
import { startServer } from '../../server/index';
import { createClientServices, dispatchBridgeCall, type ClientServices } from '../../electron/services/index';
import { migrations, runMigrations } from '../../electron/services/cache/migrations';
import { openCache } from '../../electron/services/cache/open-cache';
import { TextIndex } from '../../electron/services/search/text-index';
import { checkpointInBackground } from '../../electron/services/workers/sqlite-client';
import { checkpoint } from '../../electron/services/workers/sqlite.worker';
import { openClientCacheFile } from './helpers/client-cache-file';
import { keyHexForFile, readDocumentFile } from '../../electron/services/crypto/blob-file';
import { documentResponse } from '../../electron/protocol/doc-response';
import { electronDocumentUrl } from '../../electron/window-policy';
import { removeTempDirs, tempDir, waitFor } from './helpers/temp';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';

/** From the confidential "Báo cáo tình hình an ninh trật tự" of today's demo meeting. */
const CONFIDENTIAL = 'triệt phá 37 đường dây lừa đảo chiếm đoạt tài sản';
const NOTE = 'Ghi chú riêng: đề nghị làm rõ số vụ lừa đảo qua mạng trước phiên họp';
const SECURITY_REPORT = 'Báo cáo tình hình an ninh trật tự, phòng chống tội phạm và bảo đảm trật tự an toàn giao thông';

/** Every byte pattern under which a phrase could sit in a file: as typed, folded for search, NFC/NFD. */
function needles(phrase: string): Buffer[] {
  const forms = new Set([phrase.normalize('NFC'), phrase.normalize('NFD'), foldVietnamese(phrase)]);
  // A shorter run is enough to be found in an FTS segment or a JSON row.
  return [...forms].flatMap((f) => [Buffer.from(f, 'utf8'), Buffer.from(f.split(' ').slice(2, 6).join(' '), 'utf8')]);
}

function filesOfCache(dataDir: string): string[] {
  return ['cache.sqlite', 'cache.sqlite-wal', 'cache.sqlite-shm', 'cache.sqlite-journal'].map((f) => path.join(dataDir, f)).filter((f) => fs.existsSync(f));
}

/** Which of `phrases` appear anywhere in the raw bytes of the cache files. */
function phrasesInClear(dataDir: string, phrases: string[]): string[] {
  const bytes = filesOfCache(dataDir).map((f) => fs.readFileSync(f));
  return phrases.filter((p) => needles(p).some((n) => bytes.some((b) => b.includes(n))));
}

const modeOf = (p: string) => fs.statSync(p).mode & 0o777;
const hashOfFiles = (files: string[]) => files.map((f) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex')).join(',');

describe('the client cache at rest, in a real session', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let client: ClientServices;
  let dataDir = '';

  async function call<M extends BridgeMethodName>(method: M, input: unknown = {}): Promise<BridgeOutput<M>> {
    const r = await dispatchBridgeCall(client.handlers, method, input);
    if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code} ${r.error.message}`), { code: r.error.code });
    return r.value as BridgeOutput<M>;
  }

  beforeAll(async () => {
    server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: tempDir('ecab-server-'), port: 0, seed: 'demo', logger: false });
    dataDir = tempDir();
    client = await createClientServices({ dataDir, defaultServerUrl: server.url, documentUrl: (sha) => `/doc/${sha}`, mode: 'browser', version: 'test', retry: { initialMs: 100, maxMs: 500 } });
  });

  afterAll(async () => {
    await client?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
  });

  it('the confidential report\'s words and a private note are never in clear on disk, signed in or after logout; search and notes still work', async () => {
    const today = demoContent.meetings.find((m) => m.dayOffset === 0 && m.agenda.some((a) => a.documents.some((d) => d.classification === 'confidential')))!;
    const member = demoContent.users.find((u) => u.role === 'member' && today.participants.some((p) => p.userKey === u.key && p.role === 'member'))!;
    await call('session.login', { username: member.username, password: demoContent.password });

    // Indexed: the confidential report is found by its words (without diacritics).
    const found = await waitFor(
      async () => {
        const r = await call('search.query', { query: 'duong day lua dao chiem doat' });
        return r.pendingDocuments === 0 && r.groups.some((g) => g.documents.some((d) => d.title === SECURITY_REPORT)) ? r : null;
      },
      90_000,
      'the confidential report to be indexed',
    );
    const docId = found.groups.flatMap((g) => g.documents).find((d) => d.title === SECURITY_REPORT)!.documentId;
    await call('annotations.create', { documentId: docId, kind: 'note', color: 'blue', page: 1, text: NOTE, geometry: { rect: [500, 760, 520, 780] } });
    expect(JSON.stringify((await call('annotations.list', { documentId: docId })).mine)).toContain(NOTE);

    // The phrases are in the database (so the check below could see them), never in the files' bytes.
    const db = openClientCacheFile(dataDir, { readonly: true });
    const pages = db.prepare('SELECT original FROM doc_text_pages').all() as { original: string }[];
    db.close();
    expect(pages.some((p) => p.original.normalize('NFC').includes(CONFIDENTIAL))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'cache.sqlite-wal'))).toBe(true);
    expect(phrasesInClear(dataDir, [CONFIDENTIAL, NOTE])).toEqual([]);

    // Only this OS account may open anything.
    expect(modeOf(dataDir)).toBe(0o700);
    for (const f of [...filesOfCache(dataDir), path.join(dataDir, 'cache.key')]) expect([path.basename(f), modeOf(f)]).toEqual([path.basename(f), 0o600]);
    const blobDirs = fs.readdirSync(path.join(dataDir, 'blobs')).map((d) => path.join(dataDir, 'blobs', d));
    expect(blobDirs.length).toBeGreaterThan(0);
    for (const d of [path.join(dataDir, 'blobs'), ...blobDirs]) expect(modeOf(d)).toBe(0o700);
    const blobFiles = blobDirs.flatMap((d) => fs.readdirSync(d).map((n) => path.join(d, n)));
    for (const f of blobFiles) expect(modeOf(f)).toBe(0o600);

    // The cached PDFs: readable by the app, not in clear on disk (no header, no run of their bytes).
    for (const f of blobFiles) {
      const plain = await readDocumentFile(f);
      expect(plain.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const raw = fs.readFileSync(f);
      for (const at of [0, plain.length >> 1, plain.length - 64]) expect(raw.includes(plain.subarray(at, at + 64))).toBe(false);
    }
    // And served in ranges as the viewer asks for them, decrypted.
    const reportSha = (await call('documents.open', { id: docId })).document.sha256;
    const reportFile = (await client.blobFile(reportSha))!;
    const report = await readDocumentFile(reportFile);
    const lookup = async (sha: string) => (sha === reportSha ? { path: reportFile, keyHex: keyHexForFile(reportFile) } : null);
    const mid = report.length >> 1;
    const ranged = await documentResponse(new Request(electronDocumentUrl(reportSha), { headers: { range: `bytes=${mid}-${mid + 99}` } }), lookup);
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(report.subarray(mid, mid + 100))).toBe(true);

    await call('session.logout');
    expect(phrasesInClear(dataDir, [CONFIDENTIAL, NOTE])).toEqual([]);
    // The log is emptied, and the index rows are gone for whoever holds the key too.
    expect(fs.statSync(path.join(dataDir, 'cache.sqlite-wal')).size).toBe(0);
    const after = openClientCacheFile(dataDir, { readonly: true });
    expect(after.prepare('SELECT count(*) AS n FROM doc_text_pages').get()).toEqual({ n: 0 });
    after.close();
  }, 150_000);
});

/** A cache as the previous (unencrypted) version left it: every migration, text of a confidential document and a private note. */
function plaintextCacheOfPreviousVersion(dataDir: string): void {
  const db = new Database(path.join(dataDir, 'cache.sqlite'));
  db.pragma('journal_mode = WAL');
  runMigrations(db, migrations);
  new TextIndex(db, () => new Date()).store('a'.repeat(64), [`Trang 1: ${CONFIDENTIAL}.`, 'Trang 2: kết luận.']);
  const note = { id: 'n1', text: NOTE };
  db.prepare("INSERT INTO annotations (id, user_id, document_id, meeting_id, shared_from_id, deleted, updated_at, data, pending_mutation_id) VALUES ('n1', 'u1', 'd1', 'm1', NULL, 0, '2026-03-02T01:00:00Z', ?, NULL)").run(JSON.stringify(note));
  db.close();
  fs.chmodSync(path.join(dataDir, 'cache.sqlite'), 0o644);
}

describe('encrypting the cache', () => {
  afterAll(removeTempDirs);

  it('an unencrypted cache of the previous version is encrypted in place on first start with the key, every row kept', () => {
    const dataDir = tempDir();
    plaintextCacheOfPreviousVersion(dataDir);
    expect(phrasesInClear(dataDir, [CONFIDENTIAL, NOTE])).toEqual([CONFIDENTIAL, NOTE]);

    const key = crypto.randomBytes(32);
    const db = openCache(dataDir, key);
    const index = new TextIndex(db, () => new Date());
    expect(index.pageRows()).toBe(2);
    expect(index.matchRowIds(foldVietnamese('đường dây lừa đảo'), 10)).toHaveLength(1);
    expect(JSON.parse((db.prepare('SELECT data FROM annotations').get() as { data: string }).data)).toEqual({ id: 'n1', text: NOTE });
    db.close();

    expect(phrasesInClear(dataDir, [CONFIDENTIAL, NOTE])).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'cache.sqlite-journal'))).toBe(false);
    expect(modeOf(path.join(dataDir, 'cache.sqlite'))).toBe(0o600);
    expect(modeOf(dataDir)).toBe(0o700);
    // Opened again, it is already encrypted: nothing to do, same rows.
    const again = openCache(dataDir, key);
    expect(new TextIndex(again, () => new Date()).pageRows()).toBe(2);
    again.close();
  });

  it('a wrong key opens nothing, says so clearly, and changes no byte; the right key still reads everything', () => {
    const dataDir = tempDir();
    const key = crypto.randomBytes(32);
    const db = openCache(dataDir, key);
    new TextIndex(db, () => new Date()).store('b'.repeat(64), [CONFIDENTIAL]);
    db.close();
    const before = hashOfFiles(filesOfCache(dataDir));

    expect(() => openCache(dataDir, crypto.randomBytes(32))).toThrow(expect.objectContaining({ code: 'cache_locked' }));
    expect(hashOfFiles(filesOfCache(dataDir))).toBe(before);

    const reopened = openCache(dataDir, key);
    expect(new TextIndex(reopened, () => new Date()).pageRows()).toBe(1);
    reopened.close();
  });

  it('a keychain that cannot unseal the key stops the services with cache_locked and keeps the cache', async () => {
    const dataDir = tempDir();
    const keychain = { protect: (t: string) => `kc:${Buffer.from(t).toString('base64')}`, unprotect: (t: string) => Buffer.from(t.slice(3), 'base64').toString() };
    const first = await createClientServices({ dataDir, defaultServerUrl: 'http://127.0.0.1:9', documentUrl: (s) => s, mode: 'electron', version: 't', protector: keychain });
    await first.close();
    expect(fs.readFileSync(path.join(dataDir, 'cache.key'), 'utf8')).not.toContain(
      // The sealed file never holds the key in clear: its base64 would be inside the keychain's text only.
      'plain1:',
    );
    const before = hashOfFiles(filesOfCache(dataDir));
    const resetKeychain = { protect: keychain.protect, unprotect: () => { throw new Error('the keychain was reset'); } };
    await expect(createClientServices({ dataDir, defaultServerUrl: 'http://127.0.0.1:9', documentUrl: (s) => s, mode: 'electron', version: 't', protector: resetKeychain })).rejects.toMatchObject({ code: 'cache_locked' });
    expect(hashOfFiles(filesOfCache(dataDir))).toBe(before);
  });

  it('the checkpoint worker keys its own connection before anything else and copies the log into the file', async () => {
    const dataDir = tempDir();
    const key = crypto.randomBytes(32);
    const db = openCache(dataDir, key);
    const file = path.join(dataDir, 'cache.sqlite');
    db.pragma('wal_autocheckpoint = 0');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const sizeBefore = fs.statSync(file).size;
    new TextIndex(db, () => new Date()).store('c'.repeat(64), Array.from({ length: 50 }, (_, i) => `${CONFIDENTIAL} ${i}`));
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);

    // In this thread: a wrong key is refused before any page is read.
    expect(await checkpoint({ file, keyHex: crypto.randomBytes(32).toString('hex') })).toMatchObject({ ok: false, error: { code: 'cache_locked' } });
    // In the worker thread, with the connection's key: the pages reach the database file.
    await checkpointInBackground(db);
    expect(fs.statSync(file).size).toBeGreaterThan(sizeBefore);
    db.close();
    expect(phrasesInClear(dataDir, [CONFIDENTIAL])).toEqual([]);
  });
});
