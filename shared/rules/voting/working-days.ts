import { addWorkingDays, endOfVietnamDay, type Instant } from '../../time/vietnam-time';

// The calendar itself (working days, Vietnam days) is shared/time's; voting rules use it from here too.
export { addWorkingDays, endOfVietnamDay, isWorkingDay } from '../../time/vietnam-time';

/** Deadline of a written opinion request sent at `sentAt`: the end of the n-th working day after it. */
export function writtenOpinionDeadline(sentAt: Instant, rules: { writtenOpinions: { deadlineWorkingDays: number }; holidays: readonly string[] }): Date {
  return endOfVietnamDay(addWorkingDays(sentAt, rules.writtenOpinions.deadlineWorkingDays, rules.holidays));
}
