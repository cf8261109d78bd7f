/** Preparing and running a meeting: its details, publishing, starting and closing it. */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema';
import { Meeting, MeetingKind } from '../entities';
import { Id } from '../ids';
import { BaseRevision } from './revision';
import { defineMutator, nextRevision, upsert, type EntityReader, type EffectContext } from './define';

export const MeetingInput = lazySchema(() =>
  Meeting.omit({
    orgId: true, updatedAt: true, kind: true, onlineLink: true, hostAgency: true, quorumNumerator: true, quorumDenominator: true, publishedAt: true, revision: true,
  }).extend({
    kind: MeetingKind.optional(),
    onlineLink: z.string().max(1000).optional(),
    hostAgency: z.string().max(300).optional(),
    quorumNumerator: z.number().int().min(1).max(100).optional(),
    quorumDenominator: z.number().int().min(1).max(100).optional(),
    /** The organisation a NEW meeting belongs to (a user may prepare meetings of several); ignored once it exists. */
    orgId: Id.optional(),
    ...BaseRevision,
  }),
);
export type MeetingInput = z.output<typeof MeetingInput>;

/** The meeting after a save: fields left out keep their value (or the default of a new meeting). */
export function nextMeeting(prev: Meeting | null, a: MeetingInput, orgId: string, now: string): Meeting {
  return {
    id: a.id,
    orgId,
    title: a.title,
    startsAt: new Date(a.startsAt).toISOString(),
    endsAt: new Date(a.endsAt).toISOString(),
    location: a.location,
    status: a.status,
    chairId: a.chairId,
    updatedAt: now,
    kind: a.kind ?? prev?.kind ?? 'regular',
    onlineLink: a.onlineLink ?? prev?.onlineLink ?? '',
    hostAgency: a.hostAgency ?? prev?.hostAgency ?? '',
    quorumNumerator: a.quorumNumerator ?? prev?.quorumNumerator ?? 2,
    quorumDenominator: a.quorumDenominator ?? prev?.quorumDenominator ?? 3,
    publishedAt: prev?.publishedAt ?? (a.status === 'draft' ? null : now),
    revision: nextRevision(prev),
  };
}

/** Status moves a lifecycle mutation allows, from → to. */
export const MEETING_TRANSITIONS = {
  'meeting.publish': { from: ['draft'], to: 'published' },
  'meeting.start': { from: ['published'], to: 'in_progress' },
  'meeting.close': { from: ['published', 'in_progress'], to: 'closed' },
} as const satisfies Record<string, { from: readonly Meeting['status'][]; to: Meeting['status'] }>;

/** The meeting after a lifecycle move; null when the move does not apply to its status. */
export function movedMeeting(prev: Meeting, kind: keyof typeof MEETING_TRANSITIONS, now: string): Meeting | null {
  const t = MEETING_TRANSITIONS[kind];
  if (!(t.from as readonly string[]).includes(prev.status)) return null;
  return { ...prev, status: t.to, updatedAt: now, revision: nextRevision(prev), publishedAt: prev.publishedAt ?? now };
}

const lifecycleEffect = (kind: keyof typeof MEETING_TRANSITIONS) => (a: { meetingId: string }, read: EntityReader, ctx: EffectContext) => {
  const prev = read.get('meeting', a.meetingId);
  const next = prev && movedMeeting(prev, kind, ctx.now);
  return next ? [upsert('meeting', next)] : [];
};

const LifecycleArgs = z.object({ meetingId: Id, ...BaseRevision });

export const meetingMutators = [
  defineMutator({
    kind: 'meeting.upsert',
    args: MeetingInput,
    access: 'secretariat',
    effect: (a, read, ctx) => {
      const prev = read.get('meeting', a.id);
      const orgId = prev?.orgId ?? a.orgId ?? ctx.orgId;
      return orgId ? [upsert('meeting', nextMeeting(prev, a, orgId, ctx.now))] : [];
    },
  }),
  /** Refused without a chair or participants; makes the meeting visible, notifies, generates the invitation. */
  defineMutator({ kind: 'meeting.publish', args: LifecycleArgs, access: 'secretariat', effect: lifecycleEffect('meeting.publish') }),
  /** The chair or the secretariat opens a published meeting (Bắt đầu họp): it is now in progress. */
  defineMutator({ kind: 'meeting.start', args: LifecycleArgs, access: 'signedIn', effect: lifecycleEffect('meeting.start') }),
  /** Closes and archives: the meeting becomes read-only. */
  defineMutator({ kind: 'meeting.close', args: LifecycleArgs, access: 'secretariat', effect: lifecycleEffect('meeting.close') }),
] as const;
