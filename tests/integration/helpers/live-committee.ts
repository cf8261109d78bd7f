/**
 * A committee for live-meeting tests on a real server: a secretary, a chair and N members, all
 * participants of one published meeting with three agenda items, all checked in (present).
 * Accounts are inserted with one shared password hash (scrypt is deliberately slow) and signed
 * in through the real login route.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { Mutation } from '../../../shared/api';
import { LIVE_MEETING_PATHS, LiveMeetingServerMessage, type LiveCommand, type LiveMeetingState } from '../../../shared/live-meeting';
import { VersionedLiveState } from '../../../electron/services/live-meeting/meeting-socket';
import { addUser, call, login, PASSWORD, pushOk, type TestServer } from '../../server/helpers';

export interface Person {
  id: string;
  username: string;
  fullName: string;
  token: string;
  participantId: string;
}

export interface LiveCommittee {
  secretary: Person;
  chair: Person;
  members: Person[];
  outsider: Person;
  meetingId: string;
  items: string[];
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Hà', 'Hùng', 'Lan', 'Minh', 'Nam', 'Thảo', 'Tuấn', 'Yến'];

export async function seedLiveCommittee(s: TestServer, memberCount: number, opts: { checkIn?: boolean } = {}): Promise<LiveCommittee> {
  const sec = await addUser(s.dataDir, { username: 'thuky', role: 'secretary', fullName: 'Trần Thị Thư Ký', password: PASSWORD });
  const hash = (await s.db.selectFrom('users').select('password_hash').where('id', '=', sec.id).executeTakeFirstOrThrow()).password_hash;
  const make = async (username: string, fullName: string, role: 'chair' | 'member'): Promise<string> => {
    const id = randomUUID();
    await s.db
      .insertInto('users')
      .values({ id, org_id: sec.orgId, username, full_name: fullName, title: role === 'chair' ? 'Chủ tịch UBND' : 'Ủy viên UBND', role, password_hash: hash, failed_logins: 0, locked_until: null, created_at: new Date().toISOString() })
      .execute();
    return id;
  };
  const chairId = await make('chutich', 'Nguyễn Văn Chủ Tịch', 'chair');
  const memberIds: { id: string; username: string; fullName: string }[] = [];
  for (let i = 0; i < memberCount; i++) {
    const username = `uyvien${String(i + 1).padStart(2, '0')}`;
    const fullName = `${FAMILY[i % FAMILY.length]} Văn ${GIVEN[i % GIVEN.length]} ${i + 1}`;
    memberIds.push({ id: await make(username, fullName, 'member'), username, fullName });
  }
  const outsiderId = await make('ngoai', 'Đỗ Minh Ngoài', 'member');
  const tokens = new Map<string, string>();
  const logins = ['thuky', 'chutich', 'ngoai', ...memberIds.map((m) => m.username)];
  for (const u of logins) tokens.set(u, (await login(s.url, u)).accessToken);

  const meetingId = randomUUID();
  const items = [randomUUID(), randomUUID(), randomUUID()];
  const participantIds = new Map<string, string>();
  const participant = (userId: string, role: 'chair' | 'member'): Mutation => {
    const id = randomUUID();
    participantIds.set(userId, id);
    return { id: randomUUID(), kind: 'participant.upsert', args: { id, meetingId, userId, role } };
  };
  const secToken = tokens.get('thuky')!;
  await pushOk(s.url, secToken, {
    id: randomUUID(),
    kind: 'meeting.upsert',
    args: { id: meetingId, title: 'Phiên họp thường kỳ tháng 11', startsAt: '2026-11-23T01:00:00.000Z', endsAt: '2026-11-23T04:00:00.000Z', location: 'Phòng họp số 1', status: 'draft', chairId },
  });
  const muts: Mutation[] = [participant(chairId, 'chair'), ...memberIds.map((m) => participant(m.id, 'member'))];
  const titles = ['Tờ trình về dự toán ngân sách năm 2027', 'Đề án chỉnh trang đô thị', 'Báo cáo tình hình kinh tế - xã hội'];
  items.forEach((id, i) =>
    muts.push({ id: randomUUID(), kind: 'agendaItem.upsert', args: { id, meetingId, position: i + 1, title: titles[i], presenterId: null, presenterLabel: 'Sở Tài chính', plannedMinutes: 30 } }),
  );
  for (let i = 0; i < muts.length; i += 150) await pushOk(s.url, secToken, ...muts.slice(i, i + 150));
  // Published like a secretary does it: after its participants are in.
  await pushOk(s.url, secToken, { id: randomUUID(), kind: 'meeting.publish', args: { meetingId } });
  if (opts.checkIn !== false) {
    const ids = [...participantIds.values()];
    for (let i = 0; i < ids.length; i += 100)
      await pushOk(s.url, secToken, ...ids.slice(i, i + 100).map((participantId): Mutation => ({ id: randomUUID(), kind: 'participant.setAttendance', args: { participantId, attendance: 'present' } })));
  }
  const person = (id: string, username: string, fullName: string): Person => ({ id, username, fullName, token: tokens.get(username)!, participantId: participantIds.get(id) ?? '' });
  return {
    secretary: person(sec.id, 'thuky', 'Trần Thị Thư Ký'),
    chair: person(chairId, 'chutich', 'Nguyễn Văn Chủ Tịch'),
    members: memberIds.map((m) => person(m.id, m.username, m.fullName)),
    outsider: person(outsiderId, 'ngoai', 'Đỗ Minh Ngoài'),
    meetingId,
    items,
  };
}

/** A command; the body is the new state, or `{error}` when refused. */
export async function command(s: TestServer, token: string, meetingId: string, cmd: LiveCommand) {
  return call<LiveMeetingState & { error: { code: string; message: string } }>(s.url, 'POST', LIVE_MEETING_PATHS.commands(meetingId), { token, body: cmd });
}

export async function ballot(s: TestServer, token: string, voteId: string, body: { optionId: string; requestId?: string; memberId?: string; replacesReceipt?: string }) {
  return call(s.url, 'POST', LIVE_MEETING_PATHS.ballots(voteId), { token, body: { requestId: randomUUID(), ...body } });
}

/** A socket on the meeting's live channel that remembers the newest state. */
export class StateWatcher {
  latest: LiveMeetingState | null = null;
  messages = 0;
  private waiters: { pred: (s: LiveMeetingState) => boolean; resolve: (s: LiveMeetingState) => void }[] = [];
  readonly ws: WebSocket;
  readonly opened: Promise<void>;

  /** `validate: false` (benchmarks): JSON only, so 500 simulated clients in one process do not starve the server. */
  constructor(base: string, token: string, meetingId: string, opts: { validate?: boolean } = {}) {
    this.ws = new WebSocket(base.replace(/^http/, 'ws') + LIVE_MEETING_PATHS.socket(meetingId), { headers: { authorization: `Bearer ${token}` } });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    const live = new VersionedLiveState(() => this.ws.send(JSON.stringify({ type: 'refresh' })), { validate: opts.validate !== false });
    this.ws.on('open', () => live.reset());
    this.ws.on('message', (raw) => {
      const json = JSON.parse(String(raw)) as LiveMeetingServerMessage;
      const msg = opts.validate === false ? json : LiveMeetingServerMessage.parse(json);
      this.messages++;
      const state = live.receive(msg);
      if (!state) return;
      this.latest = state;
      this.waiters = this.waiters.filter((w) => (w.pred(state) ? (w.resolve(state), false) : true));
    });
  }

  until(pred: (s: LiveMeetingState) => boolean, timeoutMs = 30_000): Promise<LiveMeetingState> {
    if (this.latest && pred(this.latest)) return Promise.resolve(this.latest);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`state not reached; latest: ${JSON.stringify(this.latest?.vote?.turnout.length)}`)), timeoutMs);
      this.waiters.push({ pred, resolve: (s) => (clearTimeout(t), resolve(s)) });
    });
  }

  close(): void {
    this.ws.terminate();
  }
}
