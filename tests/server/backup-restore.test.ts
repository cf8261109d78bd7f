/**
 * `ecabinet backup` / `restore` on both databases, taken while the server runs with a document
 * and a secret vote under way (sealed ballots): the restored server serves the same file, and the
 * vote goes on and is counted with the ballots cast before the backup.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backup, restore } from '../../server/ops/backup';
import { freshPostgresDatabase, type TestPostgresDatabase } from '../helpers/postgres';
import { ballot, command, seedLiveCommittee, type LiveCommittee } from '../integration/helpers/live-committee';
import { call, DIALECTS, makePdf, pushOk, sha256Hex, type TestServer, startTestServer, uploadPdf } from './helpers';

describe.each(DIALECTS)('backup and restore (%s)', (dialect) => {
  let s: TestServer;
  let restored: TestServer | undefined;
  let c: LiveCommittee;
  let work: string;
  let keyFile: string;
  let target: TestPostgresDatabase | undefined;
  const pdf = makePdf('Tờ trình dự toán');

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'ecab-backup-'));
    keyFile = join(work, 'ballot.key');
    await writeFile(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    s = await startTestServer({ dialect, ballotKeyFile: keyFile });
    c = await seedLiveCommittee(s, 3);
  });
  afterAll(async () => {
    await restored?.stop();
    await target?.drop();
    await s?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('restores into an empty target what the running server had: the document and the sealed ballots of an open secret vote', async () => {
    const bytes = await pdf;
    expect((await uploadPdf(s.url, c.secretary.token, bytes)).status).toBe(201);
    await pushOk(s.url, c.secretary.token, {
      id: randomUUID(),
      kind: 'document.upsert',
      args: { id: randomUUID(), meetingId: c.meetingId, agendaItemId: null, title: 'Tờ trình', fileName: 'to-trinh.pdf', sha256: sha256Hex(bytes), classification: 'internal' },
    });
    const opened = await command(s, c.chair.token, c.meetingId, { type: 'vote.open', vote: { question: 'Thông qua dự toán?', kind: 'secret' } as never });
    const voteId = opened.body.vote!.id;
    for (const [i, choice] of ['agree', 'disagree'].entries()) expect((await ballot(s, c.members[i].token, voteId, { optionId: choice })).status).toBe(200);

    const out = join(work, 'backup');
    const manifest = await backup(s.storage, out);
    expect(manifest).toMatchObject({ database: dialect });
    await expect(backup(s.storage, out)).rejects.toMatchObject({ code: 'conflict' });

    const dataDir = join(work, 'restored');
    target = dialect === 'postgres' ? await freshPostgresDatabase() : undefined;
    const database = target ? ({ kind: 'postgres', url: target.url } as const) : undefined;
    await restore(out, { dataDir, database });
    // Only into an empty target.
    await expect(restore(out, { dataDir, database })).rejects.toMatchObject({ code: 'conflict' });

    restored = await startTestServer({ dialect, dataDir, database, ballotKeyFile: keyFile });
    const file = await call(restored.url, 'GET', `/api/blobs/${sha256Hex(bytes)}`, { token: c.secretary.token });
    expect(file.status).toBe(200);
    // The vote is still open with both turnouts; a third ballot, then the count.
    expect((await ballot(restored, c.members[2].token, voteId, { optionId: 'agree' })).status).toBe(200);
    const closed = await command(restored, c.chair.token, c.meetingId, { type: 'vote.close', voteId });
    expect(closed.status).toBe(200);
    expect(closed.body.vote!.result!.counts.map((x: { optionId: string; count: number }) => [x.optionId, x.count])).toEqual([
      ['agree', 2],
      ['disagree', 1],
      ['abstain', 0],
    ]);
  });
});
