/** How the meeting list is shown (list, week or month calendar), remembered on this computer. */
import { useCallback, useState } from 'react';

export type MeetingView = 'list' | 'week' | 'month';
export const MEETING_VIEWS: readonly MeetingView[] = ['list', 'week', 'month'];
const STORAGE_KEY = 'ecabinet.meetings.view';

function stored(): MeetingView {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return MEETING_VIEWS.includes(v as MeetingView) ? (v as MeetingView) : 'list';
  } catch {
    // Storage can be refused (private profile): the list is a fine default.
    return 'list';
  }
}

export function useMeetingView(): [MeetingView, (view: MeetingView) => void] {
  const [view, setView] = useState<MeetingView>(stored);
  const choose = useCallback((next: MeetingView) => {
    setView(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered this time; the choice still applies now.
    }
  }, []);
  return [view, choose];
}
