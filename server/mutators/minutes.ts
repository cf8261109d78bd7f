/**
 * minutes.save (secretariat): the text of the meeting's minutes (one per meeting);
 * minutes.exportPdf (secretariat): renders the Biên bản and stores it as (a new version of)
 * the meeting's minutes document.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { nextMinutes } from '../../shared/mutators/minutes-and-tasks';
import { addVersion, createDocument, writerFor } from '../documents/repository';
import { noVoteResults, renderMinutesPdf } from '../pdf/minutes';
import { assignNumber, registeredNumber } from '../secretariat/document-register';
import { toMinutes, toTask } from '../secretariat/rows';
import { scopeOf } from '../sync/access';
import { toMeeting, toOrganization, toUserProfile } from '../sync/rows';
import { audit, meetingOfOrg, participantsWithUsers, storeBlob, userProfile } from './lookups';
import type { CurrentRow, MutationArgs, MutationCtx } from './types';

const MINUTES_FILE_NAME = 'bien-ban-cuoc-hop.pdf';

/** One minutes row per meeting, whoever created it first. */
export async function currentMinutes(ctx: MutationCtx, meetingId: string): Promise<CurrentRow | null> {
  const r = await ctx.trx.selectFrom('minutes').selectAll().where('meeting_id', '=', meetingId).executeTakeFirst();
  return r ? { entity: 'minutes', id: r.id, revision: r.revision, current: toMinutes(r) } : null;
}

export async function saveMinutes(ctx: MutationCtx, a: MutationArgs<'minutes.save'>): Promise<void> {
  await meetingOfOrg(ctx, a.meetingId);
  const before = await ctx.trx.selectFrom('minutes').selectAll().where('meeting_id', '=', a.meetingId).executeTakeFirst();
  if (before && before.id !== a.id && a.baseRevision === undefined) {
    // Two secretaries started the minutes at once: the second sees the first's text and chooses.
    throw new AppError('conflict', 'the minutes were started by somebody else', { entity: 'minutes', id: before.id, currentRevision: before.revision, current: toMinutes(before) });
  }
  const m = nextMinutes(before ? toMinutes(before) : null, a, ctx.now);
  const id = m.id;
  const row = { id, meeting_id: m.meetingId, body: m.body, conclusions: m.conclusions, document_id: m.documentId, revision: m.revision, updated_at: m.updatedAt };
  if (before) await ctx.trx.updateTable('minutes').set(row).where('id', '=', id).execute();
  else await ctx.trx.insertInto('minutes').values(row).execute();
  const after = await ctx.trx.selectFrom('minutes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  await ctx.rec.log('minutes', id, 'upsert', scopeOf.meeting(a.meetingId));
  await audit(ctx, 'minutes.save', 'minutes', id, before ? toMinutes(before) : undefined, toMinutes(after));
}

export async function exportMinutesPdf(ctx: MutationCtx, a: MutationArgs<'minutes.exportPdf'>): Promise<void> {
  const meetingId = a.meetingId;
  const meeting = toMeeting(await meetingOfOrg(ctx, meetingId));
  const minutesRow = await ctx.trx.selectFrom('minutes').selectAll().where('meeting_id', '=', meetingId).executeTakeFirst();
  if (!minutesRow) throw new AppError('validation_failed', 'write the minutes before exporting them', { field: 'minutes' });
  const org = await ctx.trx.selectFrom('organizations').selectAll().where('id', '=', ctx.viewer.orgId).executeTakeFirstOrThrow();
  const subject = { kind: 'minutes' as const, id: minutesRow.id };
  // Issued minutes take the next number of the register in this transaction and keep it afterwards.
  const registered = a.issue
    ? await assignNumber(ctx.trx, { orgId: ctx.viewer.orgId, type: 'BB', subject, now: ctx.now, userId: ctx.user.id })
    : await registeredNumber(ctx.trx, 'BB', subject);
  const tasks = (await ctx.trx.selectFrom('tasks').selectAll().where('meeting_id', '=', meetingId).orderBy('deadline').execute()).map(toTask);
  const bytes = await renderMinutesPdf({
    org: toOrganization(org),
    meeting,
    minutes: toMinutes(minutesRow),
    chair: await userProfile(ctx, meeting.chairId),
    secretary: toUserProfile(ctx.user),
    participants: await participantsWithUsers(ctx, meetingId),
    tasks,
    voteResults: await (ctx.voteResults ?? noVoteResults)(meetingId),
    issuedAt: new Date(meeting.startsAt),
    registered,
  });
  const stored = await storeBlob(ctx, bytes);
  if (!stored) throw new AppError('internal', 'no blob store to keep the PDF in');
  const existing = minutesRow.document_id ? await ctx.trx.selectFrom('documents').selectAll().where('id', '=', minutesRow.document_id).executeTakeFirst() : undefined;
  // The same text renders the same bytes: nothing new to publish.
  if (existing && existing.sha256 === stored.sha256) return;
  const w = writerFor(ctx, 'minutes.exportPdf');
  const doc = existing
    ? await addVersion(w, existing, { ...stored, fileName: existing.file_name })
    : await createDocument(w, {
        id: randomUUID(),
        meetingId,
        agendaItemId: null,
        title: 'Biên bản cuộc họp',
        classification: 'internal',
        file: { ...stored, fileName: MINUTES_FILE_NAME },
      });
  await ctx.trx.updateTable('minutes').set({ document_id: doc.id, updated_at: ctx.now }).where('id', '=', minutesRow.id).execute();
  await ctx.rec.log('minutes', minutesRow.id, 'upsert', scopeOf.meeting(meetingId));
}
