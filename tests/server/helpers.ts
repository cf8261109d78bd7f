/** Test helpers: a real server in a temp dir, spoken to over real HTTP. */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import type { MutationInput as Mutation, PullResponse, PushResponse, TokenResponse, Change } from '../../shared/api';
import type { Role } from '../../shared/entities';
import { addUser as addUserAtCost, startServer, type DatabaseOption, type RunningServer, type StartServerOptions } from '../../server/index';
import { ballotSecretsDir } from '../../server/live-meeting/ballot-sealing-key';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';
import { freshPostgresDatabase } from '../helpers/postgres';

export const PASSWORD = 'mat-khau-an-toan-2026';

/** The server databases the core suites run on, each suite once per dialect (`describe.each(DIALECTS)`). */
export const DIALECTS = ['sqlite', 'postgres'] as const;
export type Dialect = (typeof DIALECTS)[number];

/** The database of each running test server's data folder, so that `addUser(s.dataDir, …)` reaches it. */
const databaseOf = new Map<string, DatabaseOption>();

/** `ecabinet user add` as the suite's servers hash passwords (see fast-password-hashing.ts). */
export function addUser(dataDir: string, user: Parameters<typeof addUserAtCost>[1]): ReturnType<typeof addUserAtCost> {
  return addUserAtCost({ dataDir, database: databaseOf.get(dataDir) }, user, { passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS });
}

export interface TestServer extends RunningServer {
  dataDir: string;
  dialect: Dialect;
  /** Where its rows are: pass to the server's functions that open the database themselves. */
  storage: { dataDir: string; database?: DatabaseOption };
  stop(): Promise<void>;
}

/**
 * A server on a temp data folder; `dialect: 'postgres'` puts its rows in a fresh PostgreSQL
 * database of its own, dropped by `stop()` (an explicit `database` is used as it is).
 */
export async function startTestServer(opts: Partial<StartServerOptions> & { dialect?: Dialect } = {}): Promise<TestServer> {
  const { dialect = opts.database?.kind ?? 'sqlite', ...rest } = opts;
  const dataDir = rest.dataDir ?? (await mkdtemp(join(tmpdir(), 'ecab-server-')));
  const pg = dialect === 'postgres' && !rest.database ? await freshPostgresDatabase() : undefined;
  const database: DatabaseOption | undefined = pg ? { kind: 'postgres', url: pg.url } : rest.database;
  if (database) databaseOf.set(dataDir, database);
  let server: RunningServer;
  try {
    server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, port: 0, ...rest, dataDir, database });
  } catch (e) {
    await pg?.drop();
    throw e;
  }
  return {
    ...server,
    dataDir,
    dialect,
    storage: { dataDir, database },
    async stop() {
      await server.close();
      await pg?.drop();
      databaseOf.delete(dataDir);
      await rm(dataDir, { recursive: true, force: true });
      // The development ballot sealing key a secret vote created beside the data folder.
      await rm(ballotSecretsDir(dataDir), { recursive: true, force: true });
    },
  };
}

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = any>(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: RequestInit["body"];
  if (opts.body !== undefined) {
    if (opts.body instanceof Uint8Array) body = opts.body as RequestInit["body"];
    else {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(opts.body);
    }
  }
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export async function login(base: string, username: string, password = PASSWORD): Promise<TokenResponse> {
  const r = await call<TokenResponse>(base, 'POST', '/api/auth/login', { body: { username, password } });
  if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function pushOk(base: string, token: string, ...mutations: Mutation[]): Promise<PushResponse> {
  const r = await call<PushResponse>(base, 'POST', '/api/sync/push', { token, body: { mutations } });
  if (r.status !== 200) throw new Error(`push failed: ${r.status} ${JSON.stringify(r.body)}`);
  for (const res of r.body.results)
    if (res.status !== 'applied') throw new Error(`mutation ${res.id} rejected: ${JSON.stringify(res.error)}`);
  return r.body;
}

/** Pulls until hasMore is false; returns all changes and the final cursor. */
export async function pullAll(base: string, token: string, cursor = '', limit?: number): Promise<{ changes: Change[]; cursor: string; pages: number }> {
  const changes: Change[] = [];
  let pages = 0;
  for (;;) {
    const q = new URLSearchParams({ cursor, ...(limit ? { limit: String(limit) } : {}) });
    const r = await call<PullResponse>(base, 'GET', `/api/sync/pull?${q}`, { token });
    if (r.status !== 200) throw new Error(`pull failed: ${r.status} ${JSON.stringify(r.body)}`);
    changes.push(...r.body.changes);
    cursor = r.body.cursor;
    pages += 1;
    if (!r.body.hasMore) return { changes, cursor, pages };
    if (pages > 1000) throw new Error('pull does not end');
  }
}

export const idsOf = (changes: Change[], entity: Change['entity'], op: 'upsert' | 'delete' = 'upsert') =>
  changes.filter((c) => c.entity === entity && c.op === op).map((c) => c.id);

export async function makePdf(text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([300, 200]);
  page.drawText(text, { x: 20, y: 100, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save();
}

/**
 * The rows a sync test is about: without the "what changed" entries (meetingChange) that every
 * edit of a published meeting adds for its members.
 */
export const withoutWhatChanged = <T extends { entity: string }>(changes: T[]): T[] => changes.filter((x) => x.entity !== 'meetingChange');

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export async function uploadPdf(base: string, token: string, bytes: Uint8Array): Promise<Reply> {
  return call(base, 'PUT', `/api/blobs/${sha256Hex(bytes)}`, { token, body: bytes, headers: { 'content-type': 'application/pdf' } });
}

/**
 * A small committee: secretary "thuky", chair "chutich", members "an" (meeting A), "binh"
 * (meeting B) and "chi" (no meeting). Meeting A and B are published (through meeting.publish), D is a draft with "an".
 */
export async function seedCommittee(s: TestServer) {
  const users: Record<string, { id: string; token: string; role: Role }> = {};
  const people: [string, Role, string][] = [
    ['thuky', 'secretary', 'Trần Thị Thư Ký'],
    ['chutich', 'chair', 'Nguyễn Văn Chủ Tịch'],
    ['an', 'member', 'Lê Văn An'],
    ['binh', 'member', 'Phạm Thị Bình'],
    ['chi', 'member', 'Đỗ Minh Chi'],
  ];
  for (const [username, role, fullName] of people) {
    const profile = await addUser(s.dataDir, { username, role, fullName, password: PASSWORD });
    const t = await login(s.url, username);
    users[username] = { id: profile.id, token: t.accessToken, role };
  }
  const sec = users.thuky.token;
  const meetingA = randomUUID();
  const meetingB = randomUUID();
  const meetingD = randomUUID();
  const itemA = randomUUID();
  const meeting = (id: string, title: string, status: 'draft' | 'published'): Mutation => ({
    id: randomUUID(),
    kind: 'meeting.upsert',
    args: {
      id,
      title,
      startsAt: '2026-11-23T01:00:00.000Z',
      endsAt: '2026-11-23T04:00:00.000Z',
      location: 'Phòng họp số 1',
      status,
      chairId: users.chutich.id,
    },
  });
  const participant = (meetingId: string, userId: string, role: 'member' | 'chair' = 'member'): Mutation => ({
    id: randomUUID(),
    kind: 'participant.upsert',
    args: { id: randomUUID(), meetingId, userId, role },
  });
  const pdfA = await makePdf('Meeting A paper');
  const pdfB = await makePdf('Meeting B paper');
  const pdfD = await makePdf('Draft paper');
  for (const b of [pdfA, pdfB, pdfD]) {
    const r = await uploadPdf(s.url, sec, b);
    if (r.status !== 201) throw new Error(`upload failed ${r.status}`);
  }
  const docA = randomUUID();
  const docB = randomUUID();
  const docD = randomUUID();
  const document = (id: string, meetingId: string, bytes: Uint8Array, agendaItemId: string | null = null): Mutation => ({
    id: randomUUID(),
    kind: 'document.upsert',
    args: { id, meetingId, agendaItemId, title: 'Tờ trình', fileName: 'to-trinh.pdf', sha256: sha256Hex(bytes), classification: 'internal' },
  });
  // Like a secretary does it: drafts first, participants, then publish (which sends the invitations).
  await pushOk(
    s.url,
    sec,
    meeting(meetingA, 'Phiên họp A', 'draft'),
    meeting(meetingB, 'Phiên họp B', 'draft'),
    meeting(meetingD, 'Phiên họp nháp D', 'draft'),
    participant(meetingA, users.an.id),
    participant(meetingA, users.chutich.id, 'chair'),
    participant(meetingB, users.binh.id),
    participant(meetingD, users.an.id),
    {
      id: randomUUID(),
      kind: 'agendaItem.upsert',
      args: { id: itemA, meetingId: meetingA, position: 1, title: 'Nội dung 1', presenterId: null, presenterLabel: 'Sở Tài chính', plannedMinutes: 30 },
    },
    document(docA, meetingA, pdfA, itemA),
    document(docB, meetingB, pdfB),
    document(docD, meetingD, pdfD),
    { id: randomUUID(), kind: 'meeting.publish', args: { meetingId: meetingA } },
    { id: randomUUID(), kind: 'meeting.publish', args: { meetingId: meetingB } },
  );
  return { users, meetingA, meetingB, meetingD, itemA, docA, docB, docD, pdfA, pdfB, pdfD, meeting, participant, document };
}
