/** When a draft meeting may be published: it needs a chair and at least one participant. */
export type PublishBlocker = 'no_chair' | 'no_participants';

/** Every reason the meeting cannot be published yet, in the order they are told; empty when it can. */
export function publishBlockers(meeting: { chairId: string | null; participantCount: number }): PublishBlocker[] {
  const reasons: PublishBlocker[] = [];
  if (!meeting.chairId) reasons.push('no_chair');
  if (meeting.participantCount === 0) reasons.push('no_participants');
  return reasons;
}
