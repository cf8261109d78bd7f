/**
 * The date field's calendar: our own popup, in the app's language whatever the browser's locale
 * (Chromium's native picker follows the system's, so an English Windows would show "12/04/2026,
 * 08:00 AM" to a Vietnamese secretary). Monday-first weeks in Vietnam time, 24-hour clock.
 * Keyboard (the ARIA date picker dialog pattern): arrows move a day or a week, Home / End to the
 * week's ends, PageUp / PageDown a month, Enter or Space picks, Escape closes; focus returns to
 * the button that opened it.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { addMonths, formatVietnamDay, isoWeekday, monthWeeks, vietnamDay, vietnamTime } from '../../../shared/time/vietnam-time';
import { useDayGrid } from '../meetings/useDayGrid';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const HOURS = Array.from({ length: 24 }, (_, h) => h);
const pad = (n: number) => String(n).padStart(2, '0');

export interface CalendarPick {
  /** Vietnam calendar day "YYYY-MM-DD". */
  day: string;
  /** "HH:MM", 24-hour, Vietnam time (date-and-time fields only). */
  clock?: string;
}

interface Props {
  withTime: boolean;
  /** What the field holds now, if it is a date. */
  initial: CalendarPick | null;
  /** The field's label: names the dialog. */
  label: string;
  today: string;
  onPick: (pick: CalendarPick) => void;
  onClose: () => void;
}

export function CalendarPopup({ withTime, initial, label, today, onPick, onClose }: Props) {
  const { t } = useTranslation();
  // The focused day, which takes the keyboard focus when the popup opens and when a key moves it.
  const { day, setDay, gridRef: grid, moveByKey } = useDayGrid<HTMLTableElement>(initial?.day ?? today, addMonths, { focusFirst: true });
  const [chosen, setChosen] = useState<string | null>(initial?.day ?? null);
  const [hour, setHour] = useState(() => Number((initial?.clock ?? '08:00').slice(0, 2)));
  const [minute, setMinute] = useState(() => Number((initial?.clock ?? '08:00').slice(3, 5)));
  const titleId = useId();
  const dialog = useRef<HTMLDivElement>(null);
  const weeks = monthWeeks(day);
  const month = day.slice(0, 7);
  // Steps of five minutes, and the field's own minute if it is between them.
  const minutes = [...new Set([...Array.from({ length: 12 }, (_, i) => i * 5), minute])].sort((a, b) => a - b);

  // A click outside closes it, as a menu would.
  useEffect(() => {
    const outside = (e: MouseEvent) => {
      const root = dialog.current?.parentElement;
      if (root && !root.contains(e.target as Node)) onClose();
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [onClose]);

  const pickDay = (d: string) => {
    setChosen(d);
    setDay(d);
    if (!withTime) onPick({ day: d });
  };
  const done = () => onPick({ day: chosen ?? day, clock: `${pad(hour)}:${pad(minute)}` });

  const onGridKey = (e: KeyboardEvent<HTMLTableElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      pickDay(day);
      return;
    }
    if (moveByKey(e.key)) e.preventDefault();
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    onClose();
  };

  const monthTitle = t('navigation.calendar.monthTitle', { month: t(`navigation.calendar.months.m${Number(month.slice(5, 7))}`), year: month.slice(0, 4) });
  return (
    <div ref={dialog} className="date-popup" role="dialog" aria-modal="false" aria-label={t('forms.date.pick', { field: label })} onKeyDown={onKey} data-testid="date-popup">
      <div className="date-popup-bar">
        <button type="button" className="btn btn-icon btn-small" onClick={() => setDay(addMonths(day, -1))} aria-label={t('navigation.calendar.previousMonth')} title={t('navigation.calendar.previousMonth')} data-testid="date-popup-previous">
          ‹
        </button>
        <span className="date-popup-title" id={titleId} aria-live="polite" data-testid="date-popup-title">
          {monthTitle}
        </span>
        <button type="button" className="btn btn-icon btn-small" onClick={() => setDay(addMonths(day, 1))} aria-label={t('navigation.calendar.nextMonth')} title={t('navigation.calendar.nextMonth')} data-testid="date-popup-next">
          ›
        </button>
      </div>
      <table ref={grid} className="date-popup-grid" role="grid" aria-labelledby={titleId} onKeyDown={onGridKey}>
        <thead>
          <tr>
            {WEEKDAYS.map((w) => (
              <th key={w} scope="col" abbr={t(`navigation.calendar.weekdays.d${w}`)}>
                {t(`navigation.calendar.weekdaysShort.d${w}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week[0]}>
              {week.map((d) => (
                <td key={d} role="gridcell" aria-selected={d === chosen}>
                  <button
                    type="button"
                    tabIndex={d === day ? 0 : -1}
                    className={`date-popup-day${d.slice(0, 7) !== month ? ' other-month' : ''}${d === today ? ' today' : ''}${d === chosen ? ' chosen' : ''}`}
                    aria-label={t('navigation.calendar.dayLabel', { weekday: t(`navigation.calendar.weekdays.d${isoWeekday(d)}`), date: formatVietnamDay(d) })}
                    aria-current={d === today ? 'date' : undefined}
                    onClick={() => pickDay(d)}
                    data-day={d}
                  >
                    {Number(d.slice(8, 10))}
                  </button>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {withTime && (
        <div className="date-popup-time">
          <label>
            <span>{t('forms.date.hour')}</span>
            <select value={hour} onChange={(e) => setHour(Number(e.target.value))} data-testid="date-popup-hour">
              {HOURS.map((h) => (
                <option key={h} value={h}>
                  {pad(h)}
                </option>
              ))}
            </select>
          </label>
          <span aria-hidden="true">:</span>
          <label>
            <span>{t('forms.date.minute')}</span>
            <select value={minute} onChange={(e) => setMinute(Number(e.target.value))} data-testid="date-popup-minute">
              {minutes.map((m) => (
                <option key={m} value={m}>
                  {pad(m)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="btn btn-primary btn-small" onClick={done} data-testid="date-popup-done">
            {t('forms.date.done')}
          </button>
        </div>
      )}
    </div>
  );
}

/** The Vietnam day of "today" as the popup marks it. */
export const todayInVietnam = (): string => vietnamDay(new Date());

/** A field value as the popup starts from: its day and (with time) its clock. */
export function pickOf(withTime: boolean, value: string | null): CalendarPick | null {
  if (!value) return null;
  if (!withTime) return { day: value };
  return { day: vietnamDay(value), clock: vietnamTime(value) };
}
