/**
 * The renderer's one mutation builder: what it makes is exactly what the push schema accepts,
 * with a fresh client id each time (the server applies an id at most once).
 */
import { describe, expect, it } from 'vitest';
import { Mutation } from '../../shared/api';
import { mutation } from '../../renderer/src/mutations';
import {
  agendaItemMutations,
  documentMutations,
  meetingMutations,
  minutesMutations,
  noticeMutations,
  participantMutations,
  taskMutations,
} from '../../renderer/src/secretariat/mutations';

const id = () => crypto.randomUUID();
const sha = 'a'.repeat(64);

describe('renderer mutation builders', () => {
  const meetingId = id();
  const built = [
    meetingMutations.upsert({ id: meetingId, title: 'Phiên họp thường kỳ', startsAt: '2026-11-23T01:00:00.000Z', endsAt: '2026-11-23T04:00:00.000Z', location: '', status: 'draft', chairId: null, kind: 'regular' }),
    meetingMutations.publish(meetingId, 3),
    meetingMutations.start(meetingId, 4),
    meetingMutations.close(meetingId, 5),
    participantMutations.upsert({ id: id(), meetingId, userId: id(), role: 'member' }),
    participantMutations.remove(id(), 2),
    participantMutations.setAttendance({ participantId: id(), attendance: 'present' }),
    agendaItemMutations.upsert({ id: id(), meetingId, position: 1, title: 'Đề án', presenterId: null, presenterLabel: '', presenterAgency: '', plannedMinutes: 30 }),
    agendaItemMutations.remove(id(), 1),
    documentMutations.upsert({ id: id(), meetingId, agendaItemId: null, title: 'Tờ trình', fileName: 'to-trinh.pdf', sha256: sha, classification: 'internal', allowPrint: null, allowDownload: null }),
    documentMutations.remove(id(), 1),
    minutesMutations.save({ id: id(), meetingId, body: 'Biên bản', conclusions: '' }),
    minutesMutations.exportPdf(meetingId),
    taskMutations.upsert({ id: id(), meetingId, title: 'Báo cáo', agency: 'Sở Tài chính', assignee: '', deadline: '2026-12-31', expectedResult: '', follower: '', status: 'open' }),
    noticeMutations.markRead(id()),
  ];

  it('builds mutations the push schema accepts, each with its own client id', () => {
    for (const m of built) expect(Mutation.safeParse(m).error).toBeUndefined();
    expect(new Set(built.map((m) => m.id)).size).toBe(built.length);
  });

  it('keeps the kind and args it was given, and the base revision when there is one', () => {
    expect(meetingMutations.publish(meetingId, 7)).toMatchObject({ kind: 'meeting.publish', args: { meetingId, baseRevision: 7 } });
    const m = mutation('document.markViewed', { documentId: meetingId, version: 2 });
    expect(m).toMatchObject({ kind: 'document.markViewed', args: { documentId: meetingId, version: 2 } });
    expect(Mutation.parse(m).id).toBe(m.id);
  });
});
