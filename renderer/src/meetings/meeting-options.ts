import type { MeetingSummary } from '../../../shared/bridge';
import type { Locale } from '../../../shared/i18n/locales';
import { compareMeetingsForList } from '../../../shared/rules/meetings';
import { formatDate } from '../format';

/** Meetings a picker lists at once (MeetingPicker.tsx): the newest that match what is typed. */
export const PICKER_SHOWN = 20;

/** A meeting as a picker lists it. */
export interface MeetingOption {
  id: string;
  label: string;
}

/**
 * Meetings for a picker (a signing request's meeting, the audit log's filter): newest first, each
 * named by its day and title ("06/12/2026 — Họp giao ban tuần"), so that the meetings of a weekly
 * title (a year holds ~900 meetings) can be told apart.
 */
export function meetingOptions(meetings: readonly MeetingSummary[], locale: Locale): MeetingOption[] {
  // Newest first: the list's order for past meetings.
  return [...meetings].sort((a, b) => compareMeetingsForList(a, b, 'past')).map((m) => ({ id: m.id, label: `${formatDate(m.startsAt, locale)} — ${m.title}` }));
}
