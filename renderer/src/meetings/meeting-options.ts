import type { MeetingSummary } from '../../../shared/bridge';
import type { Locale } from '../../../shared/i18n/locales';
import { formatDate } from '../format';

/**
 * Meetings for a picker (a signing request's meeting, the audit log's filter): newest first, each
 * named by its day and title ("06/12/2026 — Họp giao ban tuần"), so that the meetings of a weekly
 * title (a year holds ~900 meetings) can be told apart.
 */
export function meetingOptions(meetings: readonly MeetingSummary[], locale: Locale): { id: string; label: string }[] {
  return [...meetings].sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt)).map((m) => ({ id: m.id, label: `${formatDate(m.startsAt, locale)} — ${m.title}` }));
}
