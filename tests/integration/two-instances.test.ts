/**
 * Two server instances on one PostgreSQL database behind a load balancer, as a city deploys it:
 * each instance is a separate `ecabinet server --db … --blobs DIR` process sharing the blobs
 * folder, and three clients' services reach them through the balancer (the secretary and the
 * chair on A, a member on B). What one instance commits reaches the clients of the other (pokes,
 * documents, the live meeting's state and votes), and `kill -9` of A in the middle of a vote
 * loses no ballot: A's clients reconnect to B and the vote ends there, tallied exactly.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS, type Mutation } from '../../shared/api';
import { LIVE_MEETING_PATHS, type LiveMeetingState } from '../../shared/live-meeting';
import { addUser } from '../../server/index';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';
import { spawnServer } from '../helpers/server-process';
import type { ClientServices } from '../../electron/services/index';
import { freshPostgresDatabase, type TestPostgresDatabase } from '../helpers/postgres';
import { startBalancer, type Balancer } from './helpers/balancer';
import { callBridge, pdfWithLines, signedInClient, uploadViaBridge } from './helpers/bridge';
import { removeTempDirs, tempDir, waitFor } from './helpers/temp';

const PASSWORD = 'mat-khau-an-toan-2026';

interface Instance {
  child: ChildProcess;
  url: string;
  port: number;
  exited: Promise<void>;
}

/** `ecabinet server` in its own process, on the shared database and blobs folder. */
async function instance(dbUrl: string, blobs: string, keyFile: string): Promise<Instance> {
  const { child, url, exited } = spawnServer(['--db', dbUrl, '--blobs', blobs, '--port', '0', '--ballot-key-file', keyFile, '--password-cost', String(FAST_PASSWORD_HASHING_FOR_TESTS.N)]);
  const address = await url;
  return { child, url: address, port: Number(new URL(address).port), exited };
}

/** Everything a client's services showed of the live meeting, newest last. */
function liveStates(c: ClientServices) {
  const states: LiveMeetingState[] = [];
  const connections: boolean[] = [];
  c.on('liveMeeting.state', (s) => states.push(s));
  c.on('liveMeeting.connection', (e) => connections.push(e.connected));
  return { latest: () => states.at(-1), connections };
}

describe('two server instances on one PostgreSQL database behind a load balancer', () => {
  let pg: TestPostgresDatabase;
  let a: Instance;
  let b: Instance;
  let lb: Balancer;
  const clients: ClientServices[] = [];
  let secretary: ClientServices;
  let chair: ClientServices;
  let member: ClientServices;
  const memberName = 'uyvien.taichinh';
  const member2Name = 'uyvien.xaydung';

  beforeAll(async () => {
    pg = await freshPostgresDatabase();
    const blobs = tempDir('ecab-blobs-');
    const keyDir = tempDir('ecab-key-');
    mkdirSync(keyDir, { recursive: true, mode: 0o700 });
    const keyFile = join(keyDir, 'ballot.key');
    writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    a = await instance(pg.url, blobs, keyFile);
    // As `ecabinet user add` does, on the migrated database (cheap hashes: the test signs in often).
    const storage = { dataDir: blobs, database: { kind: 'postgres' as const, url: pg.url } };
    const people = [
      { username: 'thuky', fullName: 'Phan Thị Mai', role: 'secretary' as const },
      { username: 'chutich', fullName: 'Trần Quốc Hưng', role: 'chair' as const },
      { username: memberName, fullName: 'Đỗ Thị Lan Anh', role: 'member' as const },
      { username: member2Name, fullName: 'Hoàng Văn Sơn', role: 'member' as const },
    ];
    for (const p of people) await addUser(storage, { ...p, password: PASSWORD }, { passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS });
    b = await instance(pg.url, blobs, keyFile);
    lb = startBalancer();
    const onA = await lb.lane([a.port, b.port]);
    const onB = await lb.lane([b.port, a.port]);
    secretary = await signedInClient({ serverUrl: onA, dataDir: tempDir(), username: 'thuky', password: PASSWORD });
    clients.push(secretary);
    chair = await signedInClient({ serverUrl: onA, dataDir: tempDir(), username: 'chutich', password: PASSWORD });
    clients.push(chair);
    member = await signedInClient({ serverUrl: onB, dataDir: tempDir(), username: memberName, password: PASSWORD });
    clients.push(member);
  });

  afterAll(async () => {
    for (const c of clients) await c.close();
    await lb?.close();
    for (const i of [a, b]) {
      if (i && i.child.exitCode === null && i.child.signalCode === null) {
        i.child.kill('SIGTERM');
        await i.exited;
      }
    }
    await pg?.drop();
    removeTempDirs();
  });

  let meetingId: string;

  it('the secretary publishes on A; the member on B gets the poke, the meeting and its document', async () => {
    meetingId = randomUUID();
    const users = await callBridge(secretary, 'secretariat.users');
    const id = (username: string) => users.find((u) => u.username === username)!.id;
    const file = await uploadViaBridge(secretary, 'to-trinh.pdf', await pdfWithLines([['To trinh so 1']]));
    const item = randomUUID();
    const doc = randomUUID();
    const participants = [
      { id: randomUUID(), userId: id('chutich'), role: 'chair' as const },
      { id: randomUUID(), userId: id(memberName), role: 'member' as const },
      { id: randomUUID(), userId: id(member2Name), role: 'member' as const },
    ];
    const mid = () => randomUUID();
    const mutations: Mutation[] = [
      {
        id: mid(),
        kind: 'meeting.upsert',
        args: { id: meetingId, title: 'Phiên họp liên ngành', startsAt: '2026-12-10T01:00:00.000Z', endsAt: '2026-12-10T03:00:00.000Z', location: 'Phòng họp số 3', status: 'draft', chairId: id('chutich') },
      },
      ...participants.map((p): Mutation => ({ id: mid(), kind: 'participant.upsert', args: { id: p.id, meetingId, userId: p.userId, role: p.role } })),
      { id: mid(), kind: 'agendaItem.upsert', args: { id: item, meetingId, position: 1, title: 'Tờ trình dự toán', presenterId: null, presenterLabel: 'Sở Tài chính', plannedMinutes: 30 } },
      {
        id: mid(),
        kind: 'document.upsert',
        args: { id: doc, meetingId, agendaItemId: item, title: 'Tờ trình số 1', fileName: file.fileName, sha256: file.sha256, classification: 'internal', allowPrint: null, allowDownload: null },
      },
      { id: mid(), kind: 'meeting.publish', args: { meetingId } },
      ...participants.map((p): Mutation => ({ id: mid(), kind: 'participant.setAttendance', args: { participantId: p.id, attendance: 'present' } })),
    ];
    const { results } = await callBridge(secretary, 'secretariat.submit', { mutations });
    expect(results.map((r) => r.status)).toEqual(mutations.map(() => 'applied'));

    // No sync.now on the member's side (its periodic pull is 10 minutes away): only a poke relayed by B can bring it.
    const detail = await waitFor(async () => {
      const d = await callBridge(member, 'meetings.get', { id: meetingId }).catch(() => null);
      return d?.agenda[0]?.documents.length ? d : null;
    }, 20_000, 'the published meeting on the member client of instance B');
    expect(detail.meeting.status).toBe('published');
    await callBridge(member, 'documents.open', { id: doc });
    expect(await member.blobFile(file.sha256)).toBeTruthy();
  });

  it('a vote opened on A is cast on B and A, everyone sees the count; A dies mid-vote and B finishes it with no ballot lost', async () => {
    const [ls, lc, lm] = [liveStates(secretary), liveStates(chair), liveStates(member)];
    for (const c of [secretary, chair, member]) await callBridge(c, 'liveMeeting.watch', { meetingId });
    await callBridge(chair, 'liveMeeting.command', { meetingId, command: { type: 'vote.open', vote: { question: 'Thông qua dự toán?', kind: 'open', liveCount: true } } });
    const voteId = (await waitFor(() => (lm.latest()?.vote?.status === 'open' ? lm.latest() : null), 20_000, 'the vote opened on A, on B')).vote!.id;

    await callBridge(member, 'liveMeeting.vote', { voteId, optionId: 'agree' }); // on B
    await callBridge(chair, 'liveMeeting.vote', { voteId, optionId: 'disagree' }); // on A
    const counted = (l: typeof ls, n: number) => (l.latest()?.vote?.id === voteId && l.latest()!.vote!.turnout.length === n ? l.latest() : null);
    for (const l of [ls, lc, lm]) await waitFor(() => counted(l, 2), 20_000, 'both ballots on every client');

    a.child.kill('SIGKILL');
    await a.exited;
    // The secretary's and the chair's sockets went down with A and come back through the balancer, to B.
    for (const l of [ls, lc]) await waitFor(() => l.connections.lastIndexOf(false) >= 0 && l.connections.at(-1) === true, 20_000, 'a reconnection to B');

    // The second member votes on B (over HTTP, not one of the three clients), then the chair closes the vote from his client, now on B.
    const login = await fetch(b.url + API_PATHS.login, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: member2Name, password: PASSWORD }) });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const cast = await fetch(b.url + LIVE_MEETING_PATHS.ballots(voteId), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ requestId: randomUUID(), optionId: 'agree' }),
    });
    expect(cast.status).toBe(200);
    await callBridge(chair, 'liveMeeting.command', { meetingId, command: { type: 'vote.close', voteId } });

    for (const l of [ls, lc, lm]) {
      const closed = await waitFor(() => (l.latest()?.vote?.id === voteId && l.latest()!.vote!.status === 'closed' ? l.latest() : null), 20_000, 'the result on every client');
      expect(closed.vote!.counts).toEqual(expect.arrayContaining([{ optionId: 'agree', count: 2 }, { optionId: 'disagree', count: 1 }]));
      expect(closed.vote!.turnout).toHaveLength(3);
    }
  });
});
