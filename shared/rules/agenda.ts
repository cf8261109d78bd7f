/** The agenda's time plan against the meeting's length: overflow is flagged, never refused. */
import { agendaTimePlan } from './meetings';

export interface AgendaFit {
  /** Planned minutes of all items. */
  plannedMinutes: number;
  /** Minutes between the meeting's start and end. */
  meetingMinutes: number;
  /** How far the plan runs past the end (0 when it fits). */
  overflowMinutes: number;
  slots: { startMinute: number; endMinute: number; overflows: boolean }[];
}

export function agendaFit(items: ReadonlyArray<{ plannedMinutes: number }>, startsAt: string, endsAt: string): AgendaFit {
  const meetingMinutes = Math.max(0, Math.round((Date.parse(endsAt) - Date.parse(startsAt)) / 60_000));
  const slots = agendaTimePlan(items).map((s) => ({ ...s, overflows: s.endMinute > meetingMinutes }));
  const plannedMinutes = slots.length ? slots[slots.length - 1].endMinute : 0;
  return { plannedMinutes, meetingMinutes, overflowMinutes: Math.max(0, plannedMinutes - meetingMinutes), slots };
}
