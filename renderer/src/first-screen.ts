/**
 * The first screen's answers, asked for as the app's code starts (in browser mode the bridge has
 * asked for them already, while the code downloaded), so that React renders the meeting list in
 * its first pass: no "loading" screen drawn, then the header, then the list, each a render, a
 * layout and a frame of its own.
 *
 * main.tsx waits for them a short while before the first render; if they are late, the app boots
 * as it would without them (App waits for the same answers, the list asks for itself).
 */
import type { AppInfo, MeetingListPage, SessionInfo } from '../../shared/bridge';
import { invoke, subscribe } from './bridge';
import { parseRoute } from './router';

export interface FirstScreen {
  appInfo: AppInfo;
  session: SessionInfo | null;
}

let boot: Promise<FirstScreen> | null = null;
let answered: FirstScreen | null = null;
let meetings: MeetingListPage | undefined;
let stopWatching: () => void = () => {};

const askBoot = () => Promise.all([invoke('app.info', {}), invoke('session.current', {})]).then(([appInfo, session]) => ({ appInfo, session }));

function forgetMeetings(): void {
  meetings = undefined;
  stopWatching();
  stopWatching = () => {};
}

/** Asks for the first screen's reads (once); resolves when they are in, never rejects. */
export function startFirstScreen(): Promise<void> {
  if (boot) return Promise.resolve();
  const asked = (boot = askBoot());
  return asked
    .then(async (first) => {
      if (first.session && parseRoute(window.location.hash).name === 'meetings') {
        // An answer that may be out of date by the time the list shows is not used.
        const offChanged = subscribe('data.changed', forgetMeetings);
        const offEnded = subscribe('session.ended', forgetMeetings);
        stopWatching = () => {
          offChanged();
          offEnded();
        };
        try {
          meetings = await invoke('meetings.page', {});
        } catch {
          // The list asks again itself, and shows the error if it fails again.
          forgetMeetings();
        }
      }
      if (boot === asked) answered = first;
    })
    .catch(() => undefined);
}

/**
 * The app's boot answers if they are in (the first render starts on them; App then asks for
 * nothing at start), else null. A retry (bootReads) asks afresh.
 */
export function takeFirstScreen(): FirstScreen | null {
  if (answered) boot = null;
  return answered;
}

/** App's boot: the answers asked for at start the first time, fresh calls after (a retry). */
export function bootReads(): Promise<FirstScreen> {
  const first = boot;
  boot = null;
  answered = null;
  return first ?? askBoot();
}

/** The meeting list's first page answered at start, once (the list's first render uses it instead of asking). */
export function takeFirstMeetings(): MeetingListPage | undefined {
  const taken = meetings;
  forgetMeetings();
  return taken;
}
