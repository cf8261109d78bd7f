/**
 * Turns sync changes and live meeting events into desktop notifications: after each change of
 * the cache (and each live state) it reads what is pending for the signed-in user, keeps what was
 * never announced on this device, and — if the user said yes — emits `notification.show` in his
 * language for the shell to show. Votes come from the live sockets of his meetings in session,
 * kept open in the background (`VoteWatch`) so he hears of one wherever he is in the app.
 */
import type { BridgeEventName, BridgeEventPayload, BridgeHandlers, MeetingSummary } from '../../../shared/bridge';
import type { Role } from '../../../shared/entities';
import { translate } from '../../../shared/i18n';
import type { LiveMeetingState } from '../../../shared/live-meeting';
import type { DesktopNotification, NotificationSettings } from '../../../shared/notifications-bridge';
import type { NoticeView } from '../../../shared/secretariat-bridge';
import type { SignatureRequestView } from '../../../shared/signing-bridge';
import type { OpinionRequestView } from '../../../shared/written-opinions-bridge';
import { NotificationStore } from './announced';
import { documentsToSign, invitations, meetingsToWatchForVotes, newVersions, openVote, opinionRequests, type Pending } from './derive';
import { mergeReads, READ_ALL, READ_NOTHING, readsAfterChange, readsNothing, type NotifierReads } from './reads';
import { VoteWatch, type OpenMeetingSocket } from './vote-watch';

export interface NotifierDeps {
  dataDir: string;
  /** The signed-in account, null when nobody is. */
  userId: () => string | null;
  /** The cache holds a whole first sync of this account (not a snapshot half applied). */
  synced: () => boolean;
  /** What the screens list: the notifier reads the same, only the lists asked for (see reads.ts). */
  read: (what: NotifierReads) => Promise<{
    notices?: NoticeView[];
    opinions?: OpinionRequestView[];
    signatures?: SignatureRequestView[];
    /** The documents of the meetings asked for that are not closed. */
    documents?: { id: string; title: string; version: number }[];
    /** At least the meetings in session now or published for today, with the user's seat. */
    meetings?: Pick<MeetingSummary, 'id' | 'status' | 'startsAt' | 'myRole'>[];
    accountRole: Role;
  }>;
  /** Opens a meeting's live socket in the background (votes opened while the live screen is closed). */
  openMeetingSocket: OpenMeetingSocket;
  now?: () => Date;
  on<E extends BridgeEventName>(event: E, l: (p: BridgeEventPayload<E>) => void): () => void;
  emit(n: DesktopNotification): void;
}

export interface Notifier {
  handlers: Pick<BridgeHandlers, 'notifications.settings' | 'notifications.configure'>;
  /** Resolves once the checks asked for so far are done (closing, tests of the service). */
  settle(): Promise<void>;
  stop(): void;
}

export function desktopNotifier(deps: NotifierDeps): Notifier {
  const store = new NotificationStore(deps.dataDir);
  let chain: Promise<void> = Promise.resolve();
  let queued = false;
  let stopped = false;
  const now = deps.now ?? (() => new Date());
  // Whose meetings the background sockets follow: another account's are closed at once.
  let watchedFor: string | null = null;
  const votes = new VoteWatch(deps.openMeetingSocket, (state) => liveState(state));

  const settings = (): NotificationSettings => ({ choice: store.choice });

  /** Records `pending` for the account and announces what is new (nothing on its first sync here). */
  function announce(userId: string, pending: Pending[]): void {
    const first = !store.knows(userId);
    const fresh = new Set(store.record(userId, pending.map((p) => p.key)));
    if (first || store.choice !== 'on') return;
    for (const p of pending) {
      if (!fresh.has(p.key)) continue;
      fresh.delete(p.key);
      deps.emit({ key: p.key, kind: p.kind, title: translate(store.locale, `notifications.${p.kind}`), body: p.subject, route: p.route });
    }
  }

  /** What the next check reads: what the changes since the last one touched. */
  let wanted: NotifierReads = READ_ALL;

  async function check(): Promise<void> {
    const userId = deps.userId();
    if (userId !== watchedFor) {
      votes.stopAll();
      watchedFor = userId;
      wanted = READ_ALL;
    }
    if (!userId || !deps.synced()) return;
    // An account's first check reads everything: what is there then is recorded, not announced.
    const what = store.knows(userId) ? wanted : READ_ALL;
    wanted = READ_NOTHING;
    if (readsNothing(what)) return;
    let lists: Awaited<ReturnType<NotifierDeps['read']>>;
    try {
      lists = await deps.read(what);
    } catch (e) {
      // The next check reads it again.
      wanted = mergeReads(wanted, what);
      throw e;
    }
    // Signed out or switched account while reading: what was read is not his.
    if (stopped || deps.userId() !== userId) return;
    announce(userId, [
      ...invitations(lists.notices ?? []),
      ...opinionRequests(lists.opinions ?? []),
      ...documentsToSign(lists.signatures ?? []),
      ...newVersions(lists.documents ?? []),
    ]);
    if (lists.meetings) votes.follow(meetingsToWatchForVotes(lists.meetings, lists.accountRole, now()));
  }

  /** One check at a time; changes during a check ask for one more after it, reading what they touched. */
  function schedule(reads: NotifierReads): void {
    if (stopped) return;
    wanted = mergeReads(wanted, reads);
    if (queued) return;
    queued = true;
    chain = chain.then(async () => {
      queued = false;
      try {
        await check();
      } catch (e) {
        // Notifications are a courtesy: a failed read never disturbs the app; the next change tries again.
        console.warn('[ecabinet] notification check failed', e);
      }
    });
  }

  function liveState(state: LiveMeetingState): void {
    const userId = deps.userId();
    // A vote seen before the account's first sync finished is recorded then, with the rest.
    if (!userId || stopped || !store.knows(userId)) return;
    announce(userId, openVote(state, userId));
  }

  // A finished sync (not each progress report) may be the account's first (then everything is
  // read); after it, the meetings a vote may open in are looked at again, as the day goes on.
  let lastSyncAt: string | null = null;
  const synced = (s: BridgeEventPayload<'sync.status'>) => {
    if (s.lastSyncAt === lastSyncAt) return;
    lastSyncAt = s.lastSyncAt;
    schedule({ ...READ_NOTHING, meetings: true });
  };
  const off = [
    deps.on('data.changed', (c) => schedule(readsAfterChange(c.entities, c.meetingIds))),
    deps.on('sync.status', synced),
    deps.on('liveMeeting.state', liveState),
    deps.on('session.ended', () => votes.stopAll()),
  ];

  return {
    handlers: {
      'notifications.settings': async () => settings(),
      'notifications.configure': async (patch) => {
        store.configure(patch);
        return settings();
      },
    },
    settle: () => chain,
    stop() {
      stopped = true;
      votes.stopAll();
      for (const f of off) f();
    },
  };
}
