/**
 * The meetings on a week or month calendar page, in Vietnam time: weeks start on Monday, days
 * and months are named in the UI language, times are 24-hour. A keyboard grid (the ARIA date
 * grid pattern): arrow keys move between days, Home / End to the week's ends, PageUp / PageDown
 * to the previous / next page, Enter (or Tab) to the focused day's meetings.
 */
import { useMemo, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingSummary } from '../../../shared/bridge';
import { isoWeekday, vietnamDate, vietnamInstant, vietnamTime } from '../../../shared/time/vietnam-time';
import { changesMeetingList } from '../../../shared/rules/meeting-detail';
import { invoke } from '../bridge';
import { ErrorBox } from '../components/Feedback';
import { useBridgeData } from '../hooks';
import { hrefFor } from '../router';
import { calendarRows, meetingsByDay, shiftPeriod, type CalendarPeriod } from './calendar-days';
import { useDayGrid } from './useDayGrid';

const dateOf = (day: string) => vietnamDate(vietnamInstant(day));
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** A week or a month of meetings, of one organisation (`orgId`) or all. */
export function MeetingCalendar({ period, orgId, today }: { period: CalendarPeriod; orgId: string; today: string }) {
  const { t } = useTranslation();
  // The day with the keyboard focus; the page shown is the week or month containing it.
  const { day, setDay, gridRef, moveByKey } = useDayGrid<HTMLDivElement>(today, (d, by) => shiftPeriod(period, d, by));
  const rows = useMemo(() => calendarRows(period, day), [period, day]);
  const [first, last] = [rows[0][0], rows[rows.length - 1][6]];
  // The meetings of this page and of the pages either side, not every meeting (a year of them is
  // ~900): a page turned to already has its meetings (Enter on a day goes to its first at once)
  // while the pages around it are read.
  const [from, to] = useMemo(() => [calendarRows(period, shiftPeriod(period, day, -1))[0][0], calendarRows(period, shiftPeriod(period, day, 1)).at(-1)![6]], [period, day]);
  const { data, error, reload } = useBridgeData(() => invoke('meetings.list', { from, to }), [from, to], changesMeetingList, undefined, { keep: true });
  const byDay = useMemo(() => meetingsByDay(orgId ? (data ?? []).filter((m) => m.orgId === orgId) : (data ?? [])), [data, orgId]);
  const month = day.slice(0, 7);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const cell = (e.target as HTMLElement).closest<HTMLElement>('[role="gridcell"]');
    if (!cell || cell !== e.target) return;
    if (e.key === 'Enter' || e.key === ' ') {
      const first = cell.querySelector<HTMLElement>('a');
      if (!first) return;
      e.preventDefault();
      first.focus();
      return;
    }
    if (moveByKey(e.key)) e.preventDefault();
  };

  const title =
    period === 'week'
      ? t('navigation.calendar.weekTitle', { from: dateOf(first), to: dateOf(last) })
      : t('navigation.calendar.monthTitle', { month: t(`navigation.calendar.months.m${Number(day.slice(5, 7))}`), year: day.slice(0, 4) });
  const [previousLabel, nextLabel] =
    period === 'week'
      ? [t('navigation.calendar.previousWeek'), t('navigation.calendar.nextWeek')]
      : [t('navigation.calendar.previousMonth'), t('navigation.calendar.nextMonth')];

  return (
    <section className={`meeting-calendar calendar-${period}`} data-testid="meeting-calendar" data-period={period} aria-labelledby="calendar-title">
      <div className="calendar-bar">
        <button type="button" className="btn btn-icon" onClick={() => setDay(shiftPeriod(period, day, -1))} aria-label={previousLabel} title={previousLabel} data-testid="calendar-previous">
          ‹
        </button>
        <button type="button" className="btn" onClick={() => setDay(today)} data-testid="calendar-today">
          {t('navigation.calendar.today')}
        </button>
        <button type="button" className="btn btn-icon" onClick={() => setDay(shiftPeriod(period, day, 1))} aria-label={nextLabel} title={nextLabel} data-testid="calendar-next">
          ›
        </button>
        <h2 id="calendar-title" className="calendar-title" data-testid="calendar-title" aria-live="polite">
          {title}
        </h2>
      </div>
      {error && <ErrorBox error={error} onRetry={reload} />}
      <p className="sr-only" id="calendar-keys">
        {t('navigation.calendar.keys', { period: period === 'week' ? t('navigation.calendar.periodWeek') : t('navigation.calendar.periodMonth') })}
      </p>
      <div role="grid" className="calendar-grid" aria-labelledby="calendar-title" aria-describedby="calendar-keys" ref={gridRef} onKeyDown={onKeyDown} data-testid="calendar-grid">
        <div role="row" className="calendar-row calendar-head">
          {WEEKDAYS.map((d) => (
            <div role="columnheader" key={d} className="calendar-weekday" aria-label={t(`navigation.calendar.weekdays.d${d}`)}>
              <span aria-hidden="true">{period === 'week' ? t(`navigation.calendar.weekdays.d${d}`) : t(`navigation.calendar.weekdaysShort.d${d}`)}</span>
            </div>
          ))}
        </div>
        {rows.map((week) => (
          <div role="row" className="calendar-row" key={week[0]}>
            {week.map((d) => (
              <CalendarDay key={d} day={d} meetings={byDay.get(d) ?? []} focused={d === day} isToday={d === today} outside={period === 'month' && d.slice(0, 7) !== month} showDetails={period === 'week'} onFocusDay={setDay} />
            ))}
          </div>
        ))}
      </div>
    </section>
  );
}

function CalendarDay(p: { day: string; meetings: MeetingSummary[]; focused: boolean; isToday: boolean; outside: boolean; showDetails: boolean; onFocusDay: (day: string) => void }) {
  const { t } = useTranslation();
  const weekday = t(`navigation.calendar.weekdays.d${isoWeekday(p.day)}`);
  const count = p.meetings.length;
  const label = `${t('navigation.calendar.dayLabel', { weekday, date: dateOf(p.day) })}: ${count ? t('navigation.calendar.meetingCount', { count }) : t('navigation.calendar.noMeetings')}`;
  return (
    <div
      role="gridcell"
      className={`calendar-day${p.isToday ? ' today' : ''}${p.outside ? ' outside' : ''}`}
      tabIndex={p.focused ? 0 : -1}
      aria-label={label}
      aria-selected={p.focused}
      aria-current={p.isToday ? 'date' : undefined}
      data-day={p.day}
      data-testid="calendar-day"
      onFocus={(e) => {
        if (e.target === e.currentTarget) p.onFocusDay(p.day);
      }}
    >
      <span className="calendar-date" aria-hidden="true">
        {p.showDetails ? dateOf(p.day).slice(0, 5) : Number(p.day.slice(8, 10))}
      </span>
      {count > 0 && (
        <ul className="calendar-meetings">
          {p.meetings.map((m) => (
            <li key={m.id}>
              <a
                className={`calendar-meeting status-border-${m.status}`}
                href={hrefFor.meeting(m.id)}
                data-testid="calendar-meeting"
                data-meeting-id={m.id}
                title={t('meetings.open', { title: m.title })}
                tabIndex={p.focused ? 0 : -1}
              >
                <span className="calendar-meeting-time">{t('navigation.calendar.time', { start: vietnamTime(m.startsAt), end: vietnamTime(m.endsAt) })}</span>
                <span className="calendar-meeting-title">{m.title}</span>
                {p.showDetails && m.location && <span className="calendar-meeting-place">{m.location}</span>}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
