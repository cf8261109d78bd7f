/**
 * Secret ballots at rest, attacked the way an auditor with a copy of the server's files would:
 * known voters cast known choices one after another, the database and its WAL are copied
 * during the vote (before and after a checkpoint, and as an online backup) and after the close,
 * all without the ballot sealing key; then the copies are read page by page and frame by frame
 * to link voters to receipts and choices (commit order, physical cell order). A real server on
 * real SQLite files; the crash is a `kill -9` of a real server process.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LIVE_MEETING_PATHS, type LiveMeetingState } from '../../shared/live-meeting';
import { openDatabase } from '../../server/db/open';
import { ballotSecretsDir } from '../../server/live-meeting/ballot-sealing-key';
import { call, startTestServer, type TestServer } from '../server/helpers';
import { cellRecords, dbPages, recordsByCommit, walFrames, type CellRecord, type FieldValue } from '../helpers/sqlite-forensics';
import { ballot, command, seedLiveCommittee, type LiveCommittee } from './helpers/live-committee';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';
import { spawnServer } from '../helpers/server-process';

const tmp = mkdtempSync(join(tmpdir(), 'ecab-ballots-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function server(opts: Parameters<typeof startTestServer>[0] = {}) {
  const s = await startTestServer({ loginRateLimit: { max: 1000, timeWindowMs: 60_000 }, ...opts });
  servers.push(s);
  return s;
}

const OPTIONS = ['agree', 'disagree', 'abstain'];
/** Seven voters, in the order they vote, and what each chooses. */
const CHOICES = ['agree', 'disagree', 'agree', 'abstain', 'agree', 'disagree', 'agree'];

async function openSecretVote(s: TestServer, c: LiveCommittee, extra: Record<string, unknown> = {}) {
  const r = await command(s, c.chair.token, c.meetingId, { type: 'vote.open', vote: { question: 'Thông qua nhân sự Phó Giám đốc Sở?', kind: 'secret', ...extra } as never });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.vote!.id;
}

interface FileCopy {
  name: string;
  db: Buffer;
  wal: Buffer;
}

/** The database file and its WAL as they are on disk this instant (what a file backup copies). */
function copyFiles(dataDir: string, name: string): FileCopy {
  const dir = join(tmp, `${name}-${randomUUID()}`);
  mkdirSync(dir);
  const file = join(dataDir, 'ecabinet.sqlite');
  for (const suffix of ['', '-wal']) if (existsSync(file + suffix)) copyFileSync(file + suffix, join(dir, `ecabinet.sqlite${suffix}`));
  const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f)) : Buffer.alloc(0));
  return { name, db: read('ecabinet.sqlite'), wal: read('ecabinet.sqlite-wal') };
}

/** A backup with SQLite's online backup (what `sqlite3 .backup` does; the server has no backup command of its own). */
async function onlineBackup(dataDir: string, name: string): Promise<FileCopy> {
  const dest = join(tmp, `${name}-${randomUUID()}.sqlite`);
  const src = new BetterSqlite3(join(dataDir, 'ecabinet.sqlite'), { readonly: true });
  try {
    await src.backup(dest);
  } finally {
    src.close();
  }
  return { name, db: readFileSync(dest), wal: existsSync(`${dest}-wal`) ? readFileSync(`${dest}-wal`) : Buffer.alloc(0) };
}

const textOf = (v: FieldValue) => (Buffer.isBuffer(v) ? v.toString('latin1') : String(v));
const mentions = (r: CellRecord, needles: string[]) => r.values.some((v) => needles.some((n) => textOf(v).includes(n)));

/**
 * The auditors' first attack: in each committed transaction, the vote's turnout record that
 * appeared is paired with the other record of the same vote that appeared with it.
 */
function linkByCommitOrder(copy: FileCopy, voteId: string, voters: Set<string>) {
  const links = new Map<string, CellRecord>();
  for (const written of recordsByCommit(copy.wal)) {
    const ofVote = written.filter((r) => r.values[0] === voteId);
    const turnout = ofVote.filter((r) => voters.has(String(r.values[1])));
    const other = ofVote.filter((r) => !voters.has(String(r.values[1])));
    if (turnout.length === 1 && other.length === 1) links.set(String(turnout[0]!.values[1]), other[0]!);
  }
  return links;
}

/** The auditors' second attack: cells are written from the end of a page, so the offset orders them by insertion. */
function byInsertion(pages: Buffer, voteId: string, keep: (r: CellRecord) => boolean): CellRecord[] {
  const cells = dbPages(pages).flatMap(cellRecords).filter((r) => r.values[0] === voteId && keep(r));
  return cells.sort((a, b) => a.pgno - b.pgno || b.offset - a.offset);
}

function linkByCellOrder(copy: FileCopy, voteId: string, voters: Set<string>) {
  const turnout = byInsertion(copy.db, voteId, (r) => voters.has(String(r.values[1])));
  const other = byInsertion(copy.db, voteId, (r) => !voters.has(String(r.values[1])) && r.values.length === 3);
  return { turnout, other };
}

/** Every page image of a copy: the database file's pages and every WAL frame. */
const allRecords = (copy: FileCopy) => [...dbPages(copy.db), ...walFrames(copy.wal)].flatMap(cellRecords);
const rawContains = (copy: FileCopy, needle: Buffer | string) => copy.db.includes(needle) || copy.wal.includes(needle);

describe('secret ballots in copies of the server files', () => {
  it('during the vote, after a checkpoint, in a backup and after the close, no copy links a voter to his receipt or choice', async () => {
    const s = await server();
    const c = await seedLiveCommittee(s, 8);
    const voteId = await openSecretVote(s, c, { allowChange: true });
    const voters = c.members.slice(0, CHOICES.length);
    const voterIds = new Set(voters.map((v) => v.id));
    const receipts: string[] = [];
    // One after another, in a known order: the most an attacker could know about the casting.
    for (const [i, v] of voters.entries()) {
      const r = await ballot(s, v.token, voteId, { optionId: CHOICES[i]! });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      receipts.push(r.body.receipt);
    }
    // The fourth voter changes his mind with his receipt (the vote allows it): abstain → disagree.
    expect((await ballot(s, voters[3]!.token, voteId, { optionId: 'disagree', replacesReceipt: receipts[3] })).status).toBe(200);
    const finalChoice = CHOICES.map((x, i) => (i === 3 ? 'disagree' : x));

    const during = copyFiles(s.dataDir, 'during');
    const backup = await onlineBackup(s.dataDir, 'backup');
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(s.db);
    const checkpointed = copyFiles(s.dataDir, 'checkpointed');
    expect(checkpointed.wal.length).toBe(0);

    for (const copy of [during, backup, checkpointed]) {
      // No receipt anywhere in the bytes, in clear (live cells, free space, stale frames).
      for (const receipt of receipts) expect(rawContains(copy, receipt), `${copy.name}: receipt ${receipt}`).toBe(false);
      // No record in any page image carries a receipt or holds an option id as a value of its own
      // (option ids appear in clear only inside the vote's question row, as JSON).
      for (const r of allRecords(copy)) {
        expect(mentions(r, receipts), `${copy.name}: ${JSON.stringify(r.values)}`).toBe(false);
        expect(r.values.some((v) => typeof v === 'string' && OPTIONS.includes(v)), `${copy.name}: ${JSON.stringify(r.values)}`).toBe(false);
      }
    }

    // Attack 1, commit order in the WAL: it pairs every voter with the record written with his turnout…
    const walLinks = linkByCommitOrder(during, voteId, voterIds);
    expect(walLinks.size).toBe(voters.length);
    // …which is a seal of the same length for everyone, with nothing in it an attacker can read.
    for (const r of walLinks.values()) expect(mentions(r, [...receipts, ...OPTIONS])).toBe(false);
    const seals = [...walLinks.values()].map((r) => r.values.filter(Buffer.isBuffer).reduce((a, b) => (a.length > b.length ? a : b)));
    expect(new Set(seals.map((x) => x.length)).size).toBe(1);

    // Attack 2, physical cell order after the checkpoint: turnout cells come in casting order, ballot cells too…
    const cells = linkByCellOrder(checkpointed, voteId, voterIds);
    expect(cells.turnout.map((r) => r.values[1])).toEqual(voters.map((v) => v.id));
    expect(cells.other.length).toBeGreaterThanOrEqual(voters.length);
    // …and pairing them gives seals again: the n-th voter's seal, not his choice.
    for (const r of cells.other) expect(mentions(r, [...receipts, ...OPTIONS])).toBe(false);

    // The close: the count is exact and every voter finds his receipt with his choice.
    const closedReply = await command(s, c.chair.token, c.meetingId, { type: 'vote.close', voteId });
    expect(closedReply.status, JSON.stringify(closedReply.body)).toBe(200);
    const closed = closedReply.body.vote!;
    const expected = (o: string) => finalChoice.filter((x) => x === o).length;
    expect(closed.result!.counts.map((x) => [x.optionId, x.count])).toEqual(OPTIONS.map((o) => [o, expected(o)]));
    for (const [i, receipt] of receipts.entries()) expect(closed.receipts).toContainEqual({ receipt, optionId: finalChoice[i] });
    expect(closed.receipts).toHaveLength(voters.length);
    // Published in receipt order: random codes, so the order says nothing of the order of casting.
    expect(closed.receipts!.map((r) => r.receipt)).toEqual([...receipts].sort());

    // After the close the seals are erased from the pages and the WAL is truncated.
    await expect
      .poll(() => {
        const now = copyFiles(s.dataDir, 'poll');
        return seals.some((seal) => rawContains(now, seal));
      })
      .toBe(false);
    await expect.poll(async () => (await call<LiveMeetingState>(s.url, 'GET', LIVE_MEETING_PATHS.state(c.meetingId), { token: c.chair.token })).body.vote?.documentId).not.toBeNull();
    const after = copyFiles(s.dataDir, 'after');
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(s.db);
    const afterCheckpoint = copyFiles(s.dataDir, 'after-checkpoint');
    const afterBackup = await onlineBackup(s.dataDir, 'after-backup');
    for (const copy of [after, afterCheckpoint, afterBackup]) {
      for (const seal of seals) expect(rawContains(copy, seal), `${copy.name}: a seal survived the close`).toBe(false);
      // The counted ballots were written in one transaction, in receipt order: their cells carry no casting order.
      const published = byInsertion(copy.db, voteId, (r) => receipts.includes(String(r.values[1])));
      if (published.length) expect(published.map((r) => r.values[1]), copy.name).toEqual([...receipts].sort());
      for (const written of recordsByCommit(copy.wal)) {
        const ofVote = written.filter((r) => r.values[0] === voteId);
        expect(ofVote.some((r) => voterIds.has(String(r.values[1]))) && ofVote.some((r) => receipts.includes(String(r.values[1])))).toBe(false);
      }
    }
    expect(byInsertion(afterCheckpoint.db, voteId, (r) => receipts.includes(String(r.values[1]))).map((r) => r.values[1])).toEqual([...receipts].sort());
    // Nothing in the data folder is the sealing key, and the development key lives beside it, owner-only.
    const keyFile = join(ballotSecretsDir(s.dataDir), 'ballot-sealing.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(keyFile)).mode & 0o777).toBe(0o700);
    const key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
    for (const f of filesUnder(s.dataDir)) {
      const bytes = readFileSync(f);
      expect(bytes.includes(key) || bytes.includes(key.toString('base64')), f).toBe(false);
    }
  });

  it('a restart with the wrong sealing key refuses ballots without losing any; with the right key voting goes on', async () => {
    const keys = join(tmp, `keys-${randomUUID()}`);
    mkdirSync(keys, { mode: 0o700 });
    const right = join(keys, 'right.key');
    const wrong = join(keys, 'wrong.key');
    writeFileSync(right, randomBytes(32).toString('base64'), { mode: 0o600 });
    writeFileSync(wrong, randomBytes(32).toString('base64'), { mode: 0o600 });
    const s = await server({ ballotKeyFile: right });
    const c = await seedLiveCommittee(s, 4);
    const voteId = await openSecretVote(s, c);
    const first = await ballot(s, c.members[0]!.token, voteId, { optionId: 'agree' });
    expect(first.status).toBe(200);

    await s.close();
    const wrongServer = await startTestServer({ dataDir: s.dataDir, ballotKeyFile: wrong });
    servers.splice(servers.indexOf(s), 1, wrongServer);
    const refused = await ballot(wrongServer, c.members[1]!.token, voteId, { optionId: 'disagree' });
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('ballot_box_unavailable');
    expect(refused.body.error.message).toContain('khóa niêm phong phiếu');
    const en = await call(wrongServer.url, 'POST', LIVE_MEETING_PATHS.ballots(voteId), { token: c.members[1]!.token, body: { requestId: randomUUID(), optionId: 'disagree' }, headers: { 'accept-language': 'en' } });
    expect(en.body.error.message).toContain('ballot sealing key is missing or wrong');
    // The close is refused too: the vote stays open rather than be counted without its ballots.
    expect((await command(wrongServer, c.chair.token, c.meetingId, { type: 'vote.close', voteId })).body.error.code).toBe('ballot_box_unavailable');

    await wrongServer.close();
    const again = await startTestServer({ dataDir: s.dataDir, ballotKeyFile: right });
    servers.splice(servers.indexOf(wrongServer), 1, again);
    const second = await ballot(again, c.members[1]!.token, voteId, { optionId: 'disagree' });
    expect(second.status).toBe(200);
    const closed = (await command(again, c.chair.token, c.meetingId, { type: 'vote.close', voteId })).body.vote!;
    expect(closed.turnout).toEqual([c.members[0]!.id, c.members[1]!.id].sort());
    expect(closed.receipts).toEqual([{ receipt: first.body.receipt, optionId: 'agree' }, { receipt: second.body.receipt, optionId: 'disagree' }].sort((a, b) => (a.receipt < b.receipt ? -1 : 1)));
  });

  it('refuses at start a sealing key file others can read, or one inside the data folder', async () => {
    const dataDir = join(tmp, `data-${randomUUID()}`);
    mkdirSync(dataDir);
    const inside = join(dataDir, 'ballot.key');
    writeFileSync(inside, randomBytes(32).toString('base64'), { mode: 0o600 });
    await expect(startTestServer({ dataDir, ballotKeyFile: inside })).rejects.toMatchObject({ code: 'ballot_box_unavailable', details: { reason: 'key_in_data_dir' } });
    const loose = join(tmp, `loose-${randomUUID()}.key`);
    writeFileSync(loose, randomBytes(32).toString('base64'));
    chmodSync(loose, 0o644);
    await expect(startTestServer({ dataDir, ballotKeyFile: loose })).rejects.toMatchObject({ code: 'ballot_box_unavailable', details: { reason: 'key_file_mode' } });
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

// ---- kill -9 during a vote -------------------------------------------------------------------

/** `ecabinet server` in its own process (the built CLI, as an administrator runs it). */
const serverProcess = (dataDir: string, keyFile: string) =>
  spawnServer(['--data', dataDir, '--port', '0', '--ballot-key-file', keyFile, '--password-cost', String(FAST_PASSWORD_HASHING_FOR_TESTS.N)]);

describe('a crash during a secret vote', () => {
  it('kill -9 while ballots arrive: after a restart every ballot is counted, receipts verify, the tally is exact', async () => {
    const keyDir = join(tmp, `key-${randomUUID()}`);
    mkdirSync(keyDir, { mode: 0o700 });
    const keyFile = join(keyDir, 'ballot.key');
    writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    const dataDir = join(tmp, `crash-${randomUUID()}`);
    let proc = serverProcess(dataDir, keyFile);
    const url = await proc.url;
    // The test's own connection to the same file, for seeding accounts (as `ecabinet user add` does).
    const db = await openDatabase(join(dataDir, 'ecabinet.sqlite'));
    const s = { url, dataDir, db } as TestServer;
    try {
      const c = await seedLiveCommittee(s, 6);
      const voteId = await openSecretVote(s, c, { allowChange: true });
      const choice = (i: number) => ['agree', 'disagree', 'agree', 'abstain', 'agree', 'agree'][i]!;
      const receipts = new Map<number, string>();
      for (const i of [0, 1, 2]) {
        const r = await ballot(s, c.members[i]!.token, voteId, { optionId: choice(i) });
        expect(r.status).toBe(200);
        receipts.set(i, r.body.receipt);
      }
      // Three more ballots in flight, and the server dies the moment the first is acknowledged.
      const inFlight = [3, 4, 5].map((i) => ballot(s, c.members[i]!.token, voteId, { optionId: choice(i) }).then((r) => ({ i, r }), () => ({ i, r: null })));
      await Promise.race(inFlight);
      proc.child.kill('SIGKILL');
      await proc.exited;
      for (const { i, r } of await Promise.all(inFlight)) if (r?.status === 200) receipts.set(i, r.body.receipt);

      proc = serverProcess(dataDir, keyFile);
      s.url = await proc.url;
      // Whoever's ballot did not make it votes again; a ballot that made it is not cast twice.
      for (const i of [3, 4, 5]) {
        const r = await ballot(s, c.members[i]!.token, voteId, { optionId: choice(i) });
        if (receipts.has(i)) expect(r.body.error?.code).toBe('already_voted');
        else if (r.status === 200) receipts.set(i, r.body.receipt);
        else expect(r.body.error.code).toBe('already_voted'); // committed, but its reply was lost with the server
      }
      // A ballot sealed before the crash is opened after it: the first voter changes his choice with his receipt.
      expect((await ballot(s, c.members[0]!.token, voteId, { optionId: 'disagree', replacesReceipt: receipts.get(0) })).status).toBe(200);
      const final = (i: number) => (i === 0 ? 'disagree' : choice(i));

      const closed = (await command(s, c.chair.token, c.meetingId, { type: 'vote.close', voteId })).body.vote!;
      expect(closed.turnout).toHaveLength(6);
      expect(closed.receipts).toHaveLength(6);
      expect(closed.result!.counts.map((x) => [x.optionId, x.count])).toEqual(OPTIONS.map((o) => [o, [0, 1, 2, 3, 4, 5].filter((i) => final(i) === o).length]));
      for (const [i, receipt] of receipts) expect(closed.receipts).toContainEqual({ receipt, optionId: final(i) });
      // Nothing the server printed carries a receipt.
      for (const receipt of receipts.values()) expect(proc.output()).not.toContain(receipt);
    } finally {
      await db.destroy();
      proc.child.kill('SIGKILL');
      await proc.exited;
    }
  });
});
