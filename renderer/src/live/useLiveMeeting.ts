/** The live state of a meeting: first from `liveMeeting.watch`, then every pushed snapshot. */
import { useEffect, useRef, useState } from 'react';
import type { LiveMeetingState } from '../../../shared/live-meeting';
import { invoke, subscribe, toUiError, type UiError } from '../bridge';

export interface LiveMeeting {
  state: LiveMeetingState | null;
  error: UiError | null;
  connected: boolean;
  /** Server clock minus ours (ms): countdowns use the server's time. */
  offsetMs: number;
  apply: (s: LiveMeetingState) => void;
}

const ENDED_ERROR = { session_ended: 'not_signed_in', forbidden: 'forbidden', not_found: 'not_found' } as const;

export function useLiveMeeting(meetingId: string): LiveMeeting {
  const [state, setState] = useState<LiveMeetingState | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [connected, setConnected] = useState(false);
  const [offsetMs, setOffset] = useState(0);
  const latest = useRef<LiveMeetingState | null>(null);

  const apply = (s: LiveMeetingState) => {
    if (s.meetingId !== meetingId) return;
    if (latest.current && s.revision < latest.current.revision) return;
    latest.current = s;
    setOffset(Date.parse(s.serverTime) - Date.now());
    setState(s);
  };
  const applyRef = useRef(apply);
  applyRef.current = apply;

  useEffect(() => {
    let live = true;
    const offState = subscribe('liveMeeting.state', (s) => live && applyRef.current(s));
    const offConn = subscribe('liveMeeting.connection', (c) => {
      if (!live || c.meetingId !== meetingId) return;
      setConnected(c.connected);
      // The server closed the meeting's socket for good: say why instead of "reconnecting".
      if (c.ended) setError(toUiError({ code: ENDED_ERROR[c.ended], message: c.ended }));
    });
    invoke('liveMeeting.watch', { meetingId }).then(
      (s) => live && applyRef.current(s),
      (e: unknown) => live && setError(toUiError(e)),
    );
    return () => {
      live = false;
      offState();
      offConn();
      void invoke('liveMeeting.unwatch', {}).catch(() => undefined);
    };
  }, [meetingId]);

  return { state, error, connected, offsetMs, apply };
}

/** "mm:ss" (or "h:mm:ss"). */
export function clock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(h ? 2 : 1, '0');
  return `${h ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** Re-renders every second (for countdowns). */
export function useTick(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(id);
  }, [ms]);
  return now;
}
