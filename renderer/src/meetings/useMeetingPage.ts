import { useEffect, useRef } from 'react';
import type { BridgeInput, MeetingListPage } from '../../../shared/bridge';
import { changesMeetingList } from '../../../shared/rules/meeting-detail';
import { MEETINGS_PAGE } from '../../../shared/rules/meetings';
import { vietnamDay } from '../../../shared/time/vietnam-time';
import { invoke } from '../bridge';
import { useBridgeData, useNow, type Loaded } from '../hooks';

/** How many coming and past meetings a list shows (today's all show); more with each "Xem thêm". */
export type ShownMeetings = { upcoming: number; past: number };
export const FIRST_SHOWN: ShownMeetings = { upcoming: MEETINGS_PAGE, past: MEETINGS_PAGE };

/**
 * A page of meetings (`meetings.page`: today's, the next and the latest ones) that grows by
 * MEETINGS_PAGE with each `showMore`, read again when a change touches what a meeting's summary
 * shows (not a document opened, a note, a notice), when `deps` change and when the day changes
 * (a meeting of today moves to the past). The old page stays shown while a bigger one comes.
 * `input`: the bridge input for what is shown; `first`: an answer already in (the first screen's).
 */
export function useMeetingPage(
  input: (shown: ShownMeetings) => BridgeInput<'meetings.page'>,
  deps: readonly unknown[],
  first?: () => MeetingListPage | undefined,
): Loaded<MeetingListPage> & { today: string; showMore: (bucket: keyof ShownMeetings) => void } {
  const shown = useRef<ShownMeetings>(FIRST_SHOWN);
  const page = useBridgeData(() => invoke('meetings.page', input(shown.current)), deps, changesMeetingList, first, { keep: true });
  const today = vietnamDay(useNow());
  const firstDay = useRef(today);
  const { reload } = page;
  useEffect(() => {
    if (today !== firstDay.current) reload();
  }, [today, reload]);
  const showMore = (bucket: keyof ShownMeetings) => {
    shown.current = { ...shown.current, [bucket]: shown.current[bucket] + MEETINGS_PAGE };
    reload();
  };
  return { ...page, today, showMore };
}
