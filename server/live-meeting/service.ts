/**
 * The live meeting service: applies commands and ballots, keeps the vote timers (the server's
 * clock decides), and after each change sends every socket watching a meeting what changed
 * (channel.ts: a versioned state, patches, the whole state to new or lagging sockets).
 * Snapshots are built once per meeting and coalesced under load: while one is being sent,
 * further changes only mark the meeting dirty and the next goes out a tick later, so a burst of
 * ballots costs each socket at most one frame per tick. Each frame goes only to the sockets
 * whose session is alive and whose user may see the meeting at the moment it is sent
 * (`audience`); the others are closed with a LIVE_CLOSE code.
 *
 * Several instances on one PostgreSQL database: each change is also announced on the cluster
 * bus (the meeting's id), and every instance rebuilds, from the database, the state of the
 * meetings its own sockets watch; a vote's deadline is announced too, so every instance arms
 * its timer and the vote closes on time even if the instance that opened it is gone. Closing is
 * done once whoever tries (the close is a transaction that finds the vote open or does
 * nothing), and what follows a close (the result PDF) is finished by a cluster-wide job if the
 * instance that closed the vote died before it.
 */
import type { WebSocket } from 'ws';
import { AppError, isAppError } from '../../shared/errors';
import type { CastBallotRequest, CastBallotResponse, LiveCommand, LiveMeetingServerMessage, LiveMeetingState } from '../../shared/live-meeting';
import { LIVE_CLOSE } from '../../shared/live-close';
import { canSeeMeeting } from '../../shared/rules/meetings';
import type { UserRow } from '../db/schema';
import { SocketGuard, closeSocket, type SocketSession } from '../live/socket-guard';
import type { ServerContext } from '../routes/context';
import { canSeeMeetingId, parseScope, viewerOf } from '../sync/access';
import { inOrgOfMeeting, membershipsOfEach } from '../organisations/membership';
import { ChangeRecorder } from '../sync/changelog';
import { MeetingChannel, type Watcher } from './channel';
import { applyCommand, bumpRevision } from './commands';
import { visibleMeeting } from './roll';
import { buildSnapshot } from './state';
import { closeVote } from './votes';
import { BallotBatcher } from './ballot-batch';
import { attachVotePdf, renderVotePdf } from './vote-pdf';

/**
 * Least time between the starts of two frames of one meeting (the tick). The changes that arrive
 * meanwhile share the next frame: a burst of 200 ballots becomes a few dozen frames, not 200 (a
 * frame costs one write per socket). A change after a quiet tick goes out at once.
 */
const BROADCAST_GAP_MS = 30;

/** Longest a timer waits in one go (setTimeout's limit is ~24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** How often one instance of the cluster looks for overdue votes and results left unfinished. */
export const VOTE_SWEEP_MS = 5_000;

/** A closed vote still without its result PDF this long after the close lost the instance making it. */
const RESULT_GRACE_MS = 30_000;

export class LiveMeetingService {
  private readonly channels = new Map<string, MeetingChannel>();
  private readonly ballots: BallotBatcher;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly offHub: () => void;
  private readonly offHeartbeat: () => void;
  private readonly offBus: () => void;
  private stopSweep: () => Promise<void> = async () => {};
  private readonly guard: SocketGuard<Watcher>;
  private stopped = false;
  /** Background work (PDF after a close, timer closes), awaited by tests and on shutdown. */
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly ctx: ServerContext,
    private readonly onError: (e: unknown) => void = () => {},
    private readonly sweepMs = VOTE_SWEEP_MS,
  ) {
    this.ballots = new BallotBatcher(ctx.db, () => this.nowIso());
    this.guard = new SocketGuard<Watcher>(ctx.db, ctx.auth.now, (ws) => this.recheck(ws), onError);
    this.offHeartbeat = ctx.hub.onHeartbeat(() => this.guard.sweep());
    // Attendance, agenda, presentation changes arrive through the sync pipeline: re-send the state.
    this.offHub = ctx.hub.onNotify((changes) => {
      for (const c of changes) {
        const s = parseScope(c.scope);
        if (s?.kind === 'meeting' && (this.channels.has(s.id) || ctx.cluster.bus.shared)) this.track(this.refreshAfterSync(s.id));
      }
    });
    this.offBus = ctx.cluster.bus.subscribe({
      events: (e) => {
        for (const [voteId, closesAt] of e.deadlines) this.schedule(voteId, closesAt);
        for (const id of e.meetings) {
          const ch = this.channels.get(id);
          if (ch) void this.flush(ch);
        }
      },
      missed: () => {
        for (const ch of this.channels.values()) void this.flush(ch);
        this.track(this.armOpenVotes());
      },
    });
  }

  private nowIso(): string {
    return this.ctx.auth.now().toISOString();
  }

  private track<T>(p: Promise<T>): Promise<T> {
    const q = p.catch((e) => this.onError(e));
    this.pending.add(q);
    void q.finally(() => this.pending.delete(q));
    return p;
  }

  /** Waits for background work (PDFs, broadcasts) to finish. */
  async settle(): Promise<void> {
    const flushing = () => [...this.channels.values()].flatMap((c) => (c.flushing ? [c.flushing] : []));
    while (this.pending.size || flushing().length) await Promise.all([...this.pending, ...flushing()]);
  }

  async start(): Promise<void> {
    await this.ctx.cluster.jobs.exclusive('vote-deadlines', () => this.sweep());
    await this.armOpenVotes();
    this.stopSweep = this.ctx.cluster.jobs.every('vote-deadlines', this.sweepMs, () => this.sweep());
  }

  private async armOpenVotes(): Promise<void> {
    const open = await this.ctx.db.selectFrom('votes').select(['id', 'closes_at']).where('status', '=', 'open').where('closes_at', 'is not', null).execute();
    for (const v of open) this.schedule(v.id, v.closes_at!);
  }

  /** Closes overdue votes and finishes results an instance left unfinished (one instance at a time). */
  private async sweep(): Promise<void> {
    await this.closeOverdue();
    await this.finishResults();
  }

  private async finishResults(): Promise<void> {
    const before = new Date(this.ctx.auth.now().getTime() - RESULT_GRACE_MS).toISOString();
    const left = await this.ctx.db.selectFrom('votes').select('id').where('status', '=', 'closed').where('document_id', 'is', null).where('closed_at', '<=', before).execute();
    for (const v of left) await this.afterClose(v.id, null).catch(() => {}); // reported by track()
  }

  /** Stops the timers and the sweep (waiting for a sweep in progress); sockets are closed by `stop`. */
  async stopJobs(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await this.stopSweep();
  }

  stop(): void {
    this.stopped = true;
    void this.stopSweep();
    this.offBus();
    this.offHub();
    this.offHeartbeat();
    this.guard.stop();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const ch of this.channels.values()) for (const w of ch.watchers) w.socket.terminate();
    this.channels.clear();
  }

  // ---- reads ------------------------------------------------------------------------------

  async state(account: UserRow, meetingId: string): Promise<LiveMeetingState> {
    await visibleMeeting(this.ctx.db, await inOrgOfMeeting(this.ctx.db, account, meetingId), meetingId);
    return buildSnapshot(this.ctx.db, meetingId, this.nowIso());
  }

  // ---- sockets ----------------------------------------------------------------------------

  async watch(socket: WebSocket, account: UserRow, session: SocketSession, meetingId: string): Promise<void> {
    const user = await inOrgOfMeeting(this.ctx.db, account, meetingId);
    if (!(await canSeeMeetingId(this.ctx.db, viewerOf(user), meetingId))) {
      this.send(socket, JSON.stringify({ type: 'gone' } satisfies LiveMeetingServerMessage));
      closeSocket(socket, LIVE_CLOSE.notFound, 'not found');
      return;
    }
    const w: Watcher = { socket, user, session, meetingId, version: null };
    let ch = this.channels.get(meetingId);
    if (!ch) this.channels.set(meetingId, (ch = new MeetingChannel(meetingId)));
    const channel = ch;
    channel.watchers.add(w);
    this.guard.add(w);
    const drop = () => {
      this.guard.delete(w);
      channel.watchers.delete(w);
      if (channel.watchers.size === 0 && this.channels.get(meetingId) === channel) this.channels.delete(meetingId);
    };
    socket.on('close', drop);
    socket.on('error', drop);
    socket.on('message', () => {
      // The only client message is "send me the whole state again" (anything else is ignored too).
      w.version = null;
      void this.flush(channel);
    });
    // The whole current state first: a client that (re)connects needs nothing else.
    await this.flush(channel);
  }

  /**
   * The watchers among `ws` (all of one meeting) who may receive its frames now: session alive,
   * token valid, account existing, and the meeting visible to them by their current role and
   * membership. The others are closed: removed from the meeting (forbidden), meeting gone.
   */
  private async audience(meetingId: string, ws: readonly Watcher[]): Promise<Watcher[]> {
    const live = await this.guard.admit(ws);
    if (live.length === 0) return [];
    const meeting = await this.ctx.db.selectFrom('meetings').select(['org_id', 'status']).where('id', '=', meetingId).executeTakeFirst();
    if (!meeting) {
      for (const w of live) this.guard.close(w, LIVE_CLOSE.notFound, 'meeting gone');
      return [];
    }
    const userIds = [...new Set(live.map((w) => w.user.id))];
    const memberships = await membershipsOfEach(this.ctx.db, [...new Map(live.map((w) => [w.user.id, w.user])).values()]);
    const participants = new Set<string>();
    for (let i = 0; i < userIds.length; i += 500) {
      const rows = await this.ctx.db.selectFrom('participants').select('user_id').where('meeting_id', '=', meetingId).where('user_id', 'in', userIds.slice(i, i + 500)).execute();
      for (const r of rows) participants.add(r.user_id);
    }
    return live.filter((w) => {
      // His role in the meeting's organisation, if he is a member of it.
      const m = memberships.get(w.user.id)?.find((x) => x.orgId === meeting.org_id);
      const ok = m !== undefined && canSeeMeeting(m.role, participants.has(w.user.id), meeting.status as 'draft');
      if (!ok) this.guard.close(w, LIVE_CLOSE.forbidden, 'no longer a participant');
      return ok;
    });
  }

  /** A session event or the heartbeat: decide again for these watchers, meeting by meeting. */
  private async recheck(ws: readonly Watcher[]): Promise<void> {
    const byMeeting = new Map<string, Watcher[]>();
    for (const w of ws) byMeeting.set(w.meetingId, [...(byMeeting.get(w.meetingId) ?? []), w]);
    for (const [meetingId, list] of byMeeting) await this.audience(meetingId, list);
  }

  private send(socket: WebSocket, data: string | Buffer): void {
    // Text frames: browsers and clients read the snapshot as JSON text.
    if (socket.readyState === socket.OPEN) socket.send(data, { binary: false });
  }

  /** Sends what changed to everyone watching, on every instance; coalesces bursts. */
  changed(meetingId: string): Promise<void> {
    this.ctx.cluster.bus.meetingChanged(meetingId);
    const ch = this.channels.get(meetingId);
    return ch ? this.flush(ch) : Promise.resolve();
  }

  /**
   * Brings every socket of the channel to the newest state: one snapshot, one frame per socket
   * that needs one. While it runs, further calls only mark the channel dirty and share its
   * promise; the loop goes round again a tick later.
   */
  private flush(ch: MeetingChannel): Promise<void> {
    if (ch.flushing) {
      ch.dirty = true;
      return ch.flushing;
    }
    const run = (async () => {
      try {
        do {
          // At most one frame per tick: the ballots of a burst that arrive meanwhile share the next one.
          const wait = ch.lastFrameAt + BROADCAST_GAP_MS - Date.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          ch.lastFrameAt = Date.now();
          ch.dirty = false;
          ch.advance(await buildSnapshot(this.ctx.db, ch.meetingId, this.nowIso()));
          for (const w of await this.audience(ch.meetingId, [...ch.watchers])) {
            const frame = ch.frameFor(w);
            if (frame) this.send(w.socket, frame);
          }
        } while (ch.dirty && !this.stopped);
      } finally {
        ch.flushing = null;
      }
    })();
    ch.flushing = run;
    return this.track(run);
  }

  private async refreshAfterSync(meetingId: string): Promise<void> {
    if (this.channels.has(meetingId)) await bumpRevision(this.ctx.db, meetingId, this.nowIso());
    else {
      // Watched on another instance, maybe: a meeting that was never live has nothing to refresh.
      const r = await this.ctx.db
        .updateTable('live_meetings')
        .set((eb) => ({ revision: eb('revision', '+', 1), updated_at: this.nowIso() }))
        .where('meeting_id', '=', meetingId)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return;
    }
    await this.changed(meetingId);
  }

  // ---- writes -----------------------------------------------------------------------------

  async command(account: UserRow, meetingId: string, cmd: LiveCommand): Promise<LiveMeetingState> {
    // The chair's moves are decided by his role in the meeting's organisation.
    const user = await inOrgOfMeeting(this.ctx.db, account, meetingId);
    const meeting = await visibleMeeting(this.ctx.db, user, meetingId);
    const now = this.nowIso();
    const out = await this.ctx.db.transaction().execute((trx) => applyCommand(trx, user, meeting, cmd, now));
    if (out.openedVoteId) {
      const v = await this.ctx.db.selectFrom('votes').select('closes_at').where('id', '=', out.openedVoteId).executeTakeFirstOrThrow();
      if (v.closes_at) {
        this.schedule(out.openedVoteId, v.closes_at);
        this.ctx.cluster.bus.voteDeadline(out.openedVoteId, v.closes_at);
      }
    }
    if (out.closedVoteId) void this.afterClose(out.closedVoteId, user.id).catch(() => {}); // reported by track()
    void this.changed(meetingId);
    return buildSnapshot(this.ctx.db, meetingId, now);
  }

  async cast(account: UserRow, voteId: string, req: CastBallotRequest): Promise<CastBallotResponse> {
    const vote = await this.ctx.db.selectFrom('votes').select('meeting_id').where('id', '=', voteId).executeTakeFirst();
    const user = vote ? await inOrgOfMeeting(this.ctx.db, account, vote.meeting_id) : account;
    try {
      const out = await this.ballots.cast(user, voteId, req);
      void this.changed(out.meetingId);
      return out.response;
    } catch (e) {
      // The timer had not fired yet but the server's clock says the vote is over: close it now.
      if (isAppError(e) && (e as AppError & { overdue?: boolean }).overdue) await this.closeByTimer(voteId);
      throw e;
    }
  }

  // ---- timers -----------------------------------------------------------------------------

  private schedule(voteId: string, closesAt: string): void {
    if (this.stopped) return;
    const existing = this.timers.get(voteId);
    if (existing) clearTimeout(existing);
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, Date.parse(closesAt) - this.ctx.auth.now().getTime()));
    const t = setTimeout(() => {
      this.timers.delete(voteId);
      // The clock may be behind the timer (or injected): re-check and re-arm if not yet due.
      if (this.ctx.auth.now().getTime() < Date.parse(closesAt)) this.schedule(voteId, closesAt);
      else void this.track(this.closeByTimer(voteId));
    }, delay);
    t.unref();
    this.timers.set(voteId, t);
  }

  /** Closes every open vote whose time is up by the server's clock (also the scheduler's tick). */
  async closeOverdue(): Promise<number> {
    const now = this.nowIso();
    const due = await this.ctx.db.selectFrom('votes').select('id').where('status', '=', 'open').where('closes_at', '<=', now).execute();
    for (const v of due) await this.closeByTimer(v.id);
    return due.length;
  }

  private async closeByTimer(voteId: string): Promise<void> {
    const now = this.nowIso();
    const closed = await this.ctx.db.transaction().execute(async (trx) => {
      const r = await closeVote(trx, voteId, null, now);
      if (r) await bumpRevision(trx, r.meetingId, now);
      return r;
    });
    if (!closed) return;
    void this.afterClose(voteId, null).catch(() => {}); // reported by track()
    await this.changed(closed.meetingId);
  }

  /** The result PDF, stored as a meeting document; then everyone's state shows its id. */
  private afterClose(voteId: string, userId: string | null): Promise<void> {
    const t = this.timers.get(voteId);
    if (t) clearTimeout(t);
    this.timers.delete(voteId);
    return this.track(
      (async () => {
        const bytes = await renderVotePdf(this.ctx.db, voteId);
        const now = this.nowIso();
        const { logged, meetingId } = await this.ctx.db.transaction().execute(async (trx) => {
          const rec = new ChangeRecorder(trx, now);
          await attachVotePdf(trx, this.ctx.blobs, rec, voteId, bytes, now, userId);
          const v = await trx.selectFrom('votes').select('meeting_id').where('id', '=', voteId).executeTakeFirstOrThrow();
          await bumpRevision(trx, v.meeting_id, now);
          return { logged: rec.logged, meetingId: v.meeting_id };
        });
        this.ctx.hub.notify(logged);
        await this.changed(meetingId);
      })(),
    );
  }
}

export { AppError };
