/**
 * What the server acknowledges is on disk, and its data is its own: the database connection
 * commits with synchronous=FULL; the database, its WAL, the blob folders and the blobs are
 * 0600 files in 0700 folders after start, also when an older version left them open to others.
 */
import { chmodSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE_NAME, startServer } from '../../server/index';
import { login, makePdf, seedCommittee, sha256Hex, startTestServer, uploadPdf, type TestServer } from './helpers';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';

const modeOf = (p: string) => statSync(p).mode & 0o777;

/** Every folder and file under `dir`, with its mode. */
function modesUnder(dir: string): { path: string; dir: boolean; mode: number }[] {
  const out: { path: string; dir: boolean; mode: number }[] = [{ path: dir, dir: true, mode: modeOf(dir) }];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...modesUnder(p));
    else out.push({ path: p, dir: false, mode: modeOf(p) });
  }
  return out;
}

describe('durability and privacy of the server data folder', () => {
  let s: TestServer;
  let oldUmask: number;

  beforeAll(async () => {
    // The usual umask: without care, files would be 0644 and folders 0755.
    oldUmask = process.umask(0o022);
    s = await startTestServer();
    await seedCommittee(s);
  }, 120_000);
  afterAll(async () => {
    await s?.stop();
    process.umask(oldUmask);
  });

  it('commits with synchronous=FULL on the server connection', async () => {
    const r = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(s.db);
    expect(r.rows[0].synchronous).toBe(2); // FULL
    const j = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(s.db);
    expect(j.rows[0].journal_mode).toBe('wal');
  });

  it('keeps the database, its WAL and every blob 0600 in 0700 folders', async () => {
    const all = modesUnder(s.dataDir);
    const names = all.map((x) => x.path.slice(s.dataDir.length));
    expect(names).toEqual(expect.arrayContaining([`/${DB_FILE_NAME}`, `/${DB_FILE_NAME}-wal`, '/blobs', '/blobs/tmp']));
    expect(all.filter((x) => !x.dir && x.path.includes('/blobs/')).length).toBeGreaterThanOrEqual(3);
    for (const x of all) expect([x.path, x.mode.toString(8)]).toEqual([x.path, x.dir ? '700' : '600']);
  });

  it('tightens a data folder an older version left readable by others', async () => {
    const dataDir = s.dataDir;
    const blob = await makePdf('Tài liệu cũ');
    const thuky = await login(s.url, 'thuky');
    expect((await uploadPdf(s.url, thuky.accessToken, blob)).status).toBe(201);
    const blobPath = join(dataDir, 'blobs', sha256Hex(blob).slice(0, 2), sha256Hex(blob));
    await s.close();
    for (const x of modesUnder(dataDir)) chmodSync(x.path, x.dir ? 0o755 : 0o644);

    const again = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, port: 0, dataDir });
    try {
      expect(modeOf(blobPath)).toBe(0o600);
      for (const x of modesUnder(dataDir)) expect([x.path, x.mode.toString(8)]).toEqual([x.path, x.dir ? '700' : '600']);
      // Still the same data.
      const token = (await login(again.url, 'thuky')).accessToken;
      const read = await fetch(`${again.url}/api/blobs/${sha256Hex(blob)}`, { headers: { authorization: `Bearer ${token}` } });
      expect(Buffer.from(await read.arrayBuffer()).equals(Buffer.from(blob))).toBe(true);
    } finally {
      await again.close();
    }
  });
});
