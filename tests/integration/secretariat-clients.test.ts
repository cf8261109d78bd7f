/**
 * The secretariat with real parts: the sync server (demo committee) on a random port and three real
 * client-service instances (two secretaries, one member) over HTTP and the live socket.
 * A secretary prepares a meeting through the bridge (uploads, mutations) and publishes it;
 * the member's client receives it within a second via the poke. Drafts and confidential
 * documents never reach someone who may not see them. Two secretaries editing one item:
 * the later save sees the conflict and chooses.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation } from '../../shared/api';
import { demoContent } from '../../server/demo/content';
import { startServer } from '../../server/index';
import type { ClientServices } from '../../electron/services/index';
import { httpLogin, httpPullAll } from './helpers/server-api';
import { removeTempDirs, tempDir, waitFor } from './helpers/temp';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { callBridge, signedInClient, uploadViaBridge } from './helpers/bridge';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server;
const clients: ClientServices[] = [];

const call = callBridge;

/** Only pokes bring news in this test (signedInClient pulls on its own only every 10 minutes). */
async function signedIn(username: string): Promise<ClientServices> {
  const c = await signedInClient({ serverUrl: server.url, dataDir: tempDir(), username });
  clients.push(c);
  return c;
}

async function pdf(text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([400, 300]).drawText(text, { x: 20, y: 150, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save();
}

/** Uploads through the bridge in chunks, as the renderer does with a dropped file. */
const upload = uploadViaBridge;

const userId = async (c: ClientServices, username: string) => (await call(c, 'secretariat.users')).find((u) => u.username === username)!.id;
const mid = () => crypto.randomUUID();

describe('secretariat through the client services', () => {
  let sec: ClientServices;
  let sec2: ClientServices;
  let member: ClientServices;
  let memberName: string;
  let outsiderName: string;

  beforeAll(async () => {
    server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: tempDir('ecab-server-'), port: 0, seed: 'demo' });
    const members = demoContent.users.filter((u) => u.role === 'member');
    memberName = members[0].username;
    outsiderName = members[1].username;
    sec = await signedIn('thuky');
    sec2 = await signedIn('thuky2');
    member = await signedIn(memberName);
  });

  afterAll(async () => {
    for (const c of clients) await c.close();
    await server?.close();
    removeTempDirs();
  });

  it('a secretary prepares a draft (never seen by the member), publishes it, and the member has it within a second', async () => {
    const meetingId = crypto.randomUUID();
    const items = [crypto.randomUUID(), crypto.randomUUID()];
    const chair = await userId(sec, 'chutich');
    const me = await userId(sec, memberName);
    const outsider = await userId(sec, outsiderName);
    const files = [await upload(sec, 'to-trinh-1.pdf', await pdf('To trinh 1')), await upload(sec, 'to-trinh-2.pdf', await pdf('Mat: nhan su'))];
    expect(files.every((f) => f.uploaded)).toBe(true);
    const docs = [crypto.randomUUID(), crypto.randomUUID()];
    const mutations: Mutation[] = [
      {
        id: mid(),
        kind: 'meeting.upsert',
        args: { id: meetingId, title: 'Phiên họp bất thường về phòng chống lụt bão', startsAt: '2026-12-10T01:00:00.000Z', endsAt: '2026-12-10T03:00:00.000Z', location: 'Phòng họp số 2', status: 'draft', chairId: chair, kind: 'extraordinary' },
      },
      { id: mid(), kind: 'participant.upsert', args: { id: crypto.randomUUID(), meetingId, userId: chair, role: 'chair' } },
      { id: mid(), kind: 'participant.upsert', args: { id: crypto.randomUUID(), meetingId, userId: me, role: 'member' } },
      { id: mid(), kind: 'participant.upsert', args: { id: crypto.randomUUID(), meetingId, userId: outsider, role: 'member' } },
      ...items.map(
        (id, i): Mutation => ({ id: mid(), kind: 'agendaItem.upsert', args: { id, meetingId, position: i + 1, title: `Nội dung ${i + 1}`, presenterId: null, presenterLabel: 'Sở Nông nghiệp', plannedMinutes: 45 } }),
      ),
      {
        id: mid(),
        kind: 'document.upsert',
        args: { id: docs[0], meetingId, agendaItemId: items[0], title: 'Tờ trình phương án', fileName: files[0].fileName, sha256: files[0].sha256, classification: 'internal', allowPrint: null, allowDownload: null },
      },
      {
        // Confidential, readable by the member but not by the outsider (also a participant).
        id: mid(),
        kind: 'document.upsert',
        args: { id: docs[1], meetingId, agendaItemId: items[1], title: 'Phương án nhân sự', fileName: files[1].fileName, sha256: files[1].sha256, classification: 'confidential', allowPrint: null, allowDownload: null, readerIds: [me] },
      },
    ];
    const { results } = await call(sec, 'secretariat.submit', { mutations });
    expect(results.map((r) => r.status)).toEqual(mutations.map(() => 'applied'));

    // A draft: the member's client has nothing of it, and the server would not give it.
    await call(member, 'sync.now');
    expect((await call(member, 'meetings.list')).map((m) => m.id)).not.toContain(meetingId);
    const memberToken = (await httpLogin(server.url, memberName, demoContent.password)).accessToken;
    expect((await httpPullAll(server.url, memberToken)).changes.some((c) => c.id === meetingId)).toBe(false);

    const published = await call(sec, 'secretariat.submit', { mutations: [{ id: mid(), kind: 'meeting.publish', args: { meetingId } }] });
    expect(published.results[0].status).toBe('applied');
    const t0 = Date.now();
    // No sync.now here: only the live poke can bring it.
    const detail = await waitFor(async () => {
      const d = await call(member, 'meetings.get', { id: meetingId }).catch(() => null);
      return d && d.agenda.length === 2 ? d : null;
    }, 5_000, 'the published meeting on the member client');
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(detail.meeting.status).toBe('published');
    expect(detail.agenda.flatMap((a) => a.documents.map((d) => d.id)).sort()).toEqual([...docs].sort());
    const notices = await waitFor(async () => (await call(member, 'notices.list')).filter((n) => n.meetingId === meetingId).length ? call(member, 'notices.list') : null, 5_000, 'invitation');
    const invitation = notices.find((n) => n.meetingId === meetingId)!;
    expect(invitation).toMatchObject({ kind: 'invitation', meetingTitle: 'Phiên họp bất thường về phòng chống lụt bão', readAt: null });
    // The header's count: what the list says, counted without reading the notices; one fewer once read.
    const unread = notices.filter((n) => n.readAt === null).length;
    expect(await call(member, 'notices.unreadCount')).toBe(unread);
    await call(member, 'secretariat.submit', { mutations: [{ id: crypto.randomUUID(), kind: 'notice.markRead', args: { id: invitation.id } }] });
    await waitFor(async () => ((await call(member, 'notices.list')).find((n) => n.id === invitation.id)?.readAt ? true : (await call(member, 'sync.now'), null)), 5_000, 'the invitation read');
    expect(await call(member, 'notices.unreadCount')).toBe(unread - 1);
    const opened = await call(member, 'notices.open', { id: invitation.id });
    expect(opened.url).toBe(`ecabinet-doc://blob/${invitation.sha256}`);
    expect(await member.blobFile(invitation.sha256!)).toBeTruthy();

    // The outsider participates but is not on the confidential document's list: row and bytes withheld.
    const outsiderClient = await signedIn(outsiderName);
    const outsiderDetail = await call(outsiderClient, 'meetings.get', { id: meetingId });
    expect(outsiderDetail.agenda.flatMap((a) => a.documents.map((d) => d.id))).toEqual([docs[0]]);
    const outsiderToken = (await httpLogin(server.url, outsiderName, demoContent.password)).accessToken;
    expect((await httpPullAll(server.url, outsiderToken)).changes.some((c) => c.id === docs[1])).toBe(false);
    const blob = await fetch(`${server.url}/api/blobs/${files[1].sha256}`, { headers: { authorization: `Bearer ${outsiderToken}` } });
    expect(blob.status).toBe(404);
    await expect(call(outsiderClient, 'documents.open', { id: docs[1] })).rejects.toMatchObject({ code: 'not_found' });

    // The member checks himself in; the quorum updates on the secretary's side.
    const extras = await call(member, 'meetings.extras', { id: meetingId });
    expect(extras.quorum).toEqual({ members: 3, present: 0, required: 2, reached: false });
    const checkIn = await call(member, 'secretariat.submit', {
      mutations: [{ id: mid(), kind: 'participant.setAttendance', args: { participantId: extras.myParticipant!.id, attendance: 'present' } }],
    });
    expect(checkIn.results[0].status).toBe('applied');
    await waitFor(async () => (await call(sec, 'meetings.extras', { id: meetingId })).quorum.present === 1, 5_000, 'attendance on the secretary client');
  });

  it('two secretaries edit the same item: the later save gets the conflict with the current row and chooses', async () => {
    const meetingId = crypto.randomUUID();
    const base = { id: meetingId, title: 'Họp giao ban', startsAt: '2026-12-12T01:00:00.000Z', endsAt: '2026-12-12T02:00:00.000Z', location: 'Phòng 1', status: 'draft' as const, chairId: null };
    await call(sec, 'secretariat.submit', { mutations: [{ id: mid(), kind: 'meeting.upsert', args: base }] });
    await waitFor(async () => (await call(sec2, 'meetings.list')).find((m) => m.id === meetingId), 5_000, 'the draft on the second secretary');
    const seen = (await call(sec2, 'meetings.get', { id: meetingId })).meeting.revision;

    const first = await call(sec, 'secretariat.submit', { mutations: [{ id: mid(), kind: 'meeting.upsert', args: { ...base, title: 'Họp giao ban tháng 12', baseRevision: seen } }] });
    expect(first.results[0].status).toBe('applied');
    const second = await call(sec2, 'secretariat.submit', { mutations: [{ id: mid(), kind: 'meeting.upsert', args: { ...base, location: 'Phòng 3', baseRevision: seen } }] });
    expect(second.results[0]).toMatchObject({ status: 'rejected', error: { code: 'conflict', details: { currentRevision: seen + 1, current: { title: 'Họp giao ban tháng 12', location: 'Phòng 1' } } } });
    // Nothing was overwritten; the second secretary's cache already shows the other's version ("take theirs").
    expect((await call(sec2, 'meetings.get', { id: meetingId })).meeting).toMatchObject({ title: 'Họp giao ban tháng 12', location: 'Phòng 1' });
    // "Keep mine": resend on the new base.
    const current = second.results[0].error!.details!.current as { title: string };
    const kept = await call(sec2, 'secretariat.submit', {
      mutations: [{ id: mid(), kind: 'meeting.upsert', args: { ...base, title: current.title, location: 'Phòng 3', baseRevision: seen + 1 } }],
    });
    expect(kept.results[0].status).toBe('applied');
    await waitFor(async () => (await call(sec, 'meetings.get', { id: meetingId })).meeting.location === 'Phòng 3', 5_000, 'merged save on the first secretary');
  });
});
