/**
 * Bridge handlers of the live meeting. Live state needs the server: commands and
 * ballots go straight over HTTP (a ballot must count now or be refused now, never later from
 * an outbox). Receipts of secret ballots stay on this machine, in the cache (version 4).
 */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { BridgeEventName, BridgeEventPayload } from '../../../shared/bridge';
import { CastBallotResponse, LIVE_MEETING_PATHS, LiveMeetingState } from '../../../shared/live-meeting';
import type { LiveMeetingBridgeMethods } from '../../../shared/live-meeting-bridge';
import type { z } from 'zod';
import type { ApiClient } from '../api/api-client';
import { MeetingSocket } from './meeting-socket';

type Methods = typeof LiveMeetingBridgeMethods;
type Handlers = { [M in keyof Methods]: (input: z.output<Methods[M]['input']>) => Promise<z.output<Methods[M]['output']>> };

export interface LiveMeetingDeps {
  db: Database.Database;
  session: () => { api: ApiClient; userId: string };
  emit: <E extends BridgeEventName>(event: E, payload: BridgeEventPayload<E>) => void;
}

export function liveMeetingHandlers(deps: LiveMeetingDeps): { handlers: Handlers; stop(): void } {
  let socket: MeetingSocket | null = null;
  let watching: string | null = null;
  let latest: LiveMeetingState | null = null;

  /** Newest revision wins: HTTP answers and socket messages may cross. */
  const publish = (s: LiveMeetingState) => {
    if (s.meetingId !== watching) return;
    if (latest && latest.meetingId === s.meetingId && s.revision < latest.revision) return;
    latest = s;
    deps.emit('liveMeeting.state', s);
  };

  const stopLive = () => {
    socket?.stop();
    socket = null;
    watching = null;
    latest = null;
  };

  const handlers: Handlers = {
    'liveMeeting.watch': async ({ meetingId }) => {
      const { api } = deps.session();
      if (watching !== meetingId) {
        stopLive();
        watching = meetingId;
        socket = new MeetingSocket({
          meetingId,
          serverUrl: () => api.serverUrl,
          accessToken: () => api.accessToken(),
          refreshToken: () => api.refresh(),
          onState: publish,
          onConnection: (connected) => deps.emit('liveMeeting.connection', { meetingId, connected }),
          onEnded: (ended) => deps.emit('liveMeeting.connection', { meetingId, connected: false, ended }),
        });
      }
      const state = await api.json(LIVE_MEETING_PATHS.state(meetingId), LiveMeetingState);
      publish(state);
      return latest && latest.meetingId === meetingId ? latest : state;
    },
    'liveMeeting.unwatch': async () => {
      stopLive();
      return { ok: true as const };
    },
    'liveMeeting.command': async ({ meetingId, command }) => {
      const state = await deps.session().api.json(LIVE_MEETING_PATHS.commands(meetingId), LiveMeetingState, { method: 'POST', body: command });
      publish(state);
      return state;
    },
    'liveMeeting.vote': async ({ voteId, optionId, memberId }) => {
      const { api, userId } = deps.session();
      const member = memberId ?? userId;
      const previous = deps.db.prepare('SELECT receipt FROM vote_receipts WHERE user_id = ? AND vote_id = ? AND member_id = ?').get(userId, voteId, member) as
        | { receipt: string }
        | undefined;
      const body = { requestId: crypto.randomUUID(), optionId, ...(memberId ? { memberId } : {}), ...(previous ? { replacesReceipt: previous.receipt } : {}) };
      const res = await api.json(LIVE_MEETING_PATHS.ballots(voteId), CastBallotResponse, { method: 'POST', body });
      if (res.receipt)
        deps.db
          .prepare('INSERT OR REPLACE INTO vote_receipts (user_id, vote_id, member_id, receipt) VALUES (?, ?, ?, ?)')
          .run(userId, voteId, res.memberId, res.receipt);
      return res;
    },
    'liveMeeting.receipts': async ({ voteId }) => {
      const { userId } = deps.session();
      const rows = deps.db.prepare('SELECT member_id, receipt FROM vote_receipts WHERE user_id = ? AND vote_id = ? ORDER BY member_id').all(userId, voteId) as {
        member_id: string;
        receipt: string;
      }[];
      return rows.map((r) => ({ memberId: r.member_id, receipt: r.receipt }));
    },
  };
  return { handlers, stop: stopLive };
}
