/**
 * The focused day of a calendar grid (the meeting calendar, the date fields' popup) and its
 * keyboard moves (shared/time/day-grid-keys.ts): a day reached by a key takes the keyboard
 * focus; one chosen otherwise (a click, "today") does not steal it.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { dayGridMove, type PageStep } from '../../../shared/time/day-grid-keys';

export function useDayGrid<T extends HTMLElement>(initial: string, page: PageStep, opts: { focusFirst?: boolean } = {}) {
  const [day, setDay] = useState(initial);
  const gridRef = useRef<T>(null);
  const focusAfterMove = useRef(opts.focusFirst ?? false);

  useLayoutEffect(() => {
    if (!focusAfterMove.current) return;
    focusAfterMove.current = false;
    gridRef.current?.querySelector<HTMLElement>(`[data-day="${day}"]`)?.focus();
  }, [day]);

  /** Moves the focus as `key` says; false when the key is not a move (the caller handles it). */
  const moveByKey = (key: string): boolean => {
    const next = dayGridMove(key, day, page);
    if (next === null) return false;
    focusAfterMove.current = true;
    setDay(next);
    return true;
  };

  return { day, setDay, gridRef, moveByKey };
}
