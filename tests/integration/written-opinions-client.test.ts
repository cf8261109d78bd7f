/**
 * Written opinions through the client services, against the real server (demo committee) with
 * a clock the test moves: the secretary sends a request with a meeting document; a member gets
 * it, opens the document, answers OFFLINE (queued, "pending"), and the answer is delivered on
 * reconnect exactly once, also when the first push reached the server but its reply was lost;
 * another member's offline answer reaches the server after the deadline and is refused, and
 * his app shows it as refused; the deadline tick's summary PDF opens on the member's machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeMethodName, BridgeOutput } from '../../shared/bridge';
import { demoContent } from '../../server/demo/content';
import { FsBlobStore } from '../../server/blobs/fs-store';
import { startServer } from '../../server/index';
import { runOpinionTick } from '../../server/written-opinions/scheduler';
import { createClientServices, dispatchBridgeCall, type ClientServices } from '../../electron/services/index';
import { removeTempDirs, tempDir } from './helpers/temp';
import { join } from 'node:path';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';
import { changesOpinions, type CacheChange } from '../../shared/rules/cache-changes';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server;
let dataDir: string;
const clients: ClientServices[] = [];
const clock = { now: new Date() };

async function call<M extends BridgeMethodName>(c: ClientServices, method: M, input: unknown = {}): Promise<BridgeOutput<M>> {
  const r = await dispatchBridgeCall(c.handlers, method, input);
  if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code} ${r.error.message}`), { code: r.error.code });
  return r.value as BridgeOutput<M>;
}

/**
 * A client whose network can be cut ("down") or made to lose the server's reply to a push
 * after the server applied it ("loseReply").
 */
async function signedIn(username: string) {
  const net = { down: false, loseReply: false, pushes: 0 };
  const c = await createClientServices({
    dataDir: tempDir(),
    defaultServerUrl: server.url,
    documentUrl: (sha) => `ecabinet-doc://blob/${sha}`,
    mode: 'browser',
    version: '0.0.0-test',
    now: () => clock.now,
    periodicPullMs: 600_000,
    retry: { initialMs: 60_000, maxMs: 60_000 },
    fetch: async (input, init) => {
      if (net.down) throw new TypeError('fetch failed (simulated: network down)');
      const res = await fetch(input, init);
      if (String(input).includes('/api/sync/push')) {
        net.pushes++;
        if (net.loseReply) {
          net.loseReply = false;
          throw new TypeError('connection reset (simulated: reply lost)');
        }
      }
      return res;
    },
  });
  clients.push(c);
  await call(c, 'session.login', { username, password: demoContent.password });
  await call(c, 'sync.now');
  return { c, net };
}

const answersIn = (requestId: string) => server.db.selectFrom('opinion_answers').selectAll().where('request_id', '=', requestId).execute();

describe('written opinions through the client services', () => {
  let sec: ClientServices;
  let member: Awaited<ReturnType<typeof signedIn>>;
  let late: Awaited<ReturnType<typeof signedIn>>;
  let requestId: string;

  beforeAll(async () => {
    dataDir = tempDir('ecab-server-');
    server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir, port: 0, seed: 'demo', now: () => clock.now, accessTokenTtlSeconds: 30 * 24 * 3600, opinionTickMs: 3_600_000 });
    sec = (await signedIn('thuky')).c;
    member = await signedIn('pct.nguyen');
    late = await signedIn('pct.le');
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    await server?.close();
    removeTempDirs();
  });

  it('the secretary sends a request with a meeting document; the member receives it and opens the document', async () => {
    const defaults = await call(sec, 'opinions.defaults');
    expect(defaults.deadlineWorkingDays).toBe(5);
    expect(defaults.silenceAsConsent).toBe(true);
    const chair = defaults.chairs[0];
    const today = (await call(sec, 'meetings.list')).find((m) => m.status === 'in_progress')!;
    const doc = (await call(sec, 'meetings.get', { id: today.id })).agenda.flatMap((a) => a.documents).find((d) => d.classification !== 'confidential')!;
    ({ id: requestId } = await call(sec, 'opinions.send', {
      title: 'Chủ trương đầu tư cầu vượt',
      question: 'Đề nghị các đồng chí cho ý kiến về chủ trương đầu tư.',
      attachments: [{ documentId: doc.id }],
      instructedBy: chair.id,
    }));
    await call(sec, 'sync.now');
    const mine = await call(sec, 'opinions.get', { id: requestId });
    // Every chair and member of the city committee: the district's secretary sits on it too (11).
    expect(mine).toMatchObject({ status: 'open', recipientCount: 11, deadline: defaults.deadline, instructedBy: chair.id });

    await call(member.c, 'sync.now');
    const [r] = await call(member.c, 'opinions.list');
    expect(r).toMatchObject({ id: requestId, asked: true, open: true, mine: { state: 'none' } });
    expect(r.names[chair.id]).toBe(chair.fullName);
    const opened = await call(member.c, 'opinions.openFile', { requestId, sha256: r.attachments[0].sha256 });
    expect(opened.url).toContain(r.attachments[0].sha256);
    expect(await member.c.blobFile(r.attachments[0].sha256)).not.toBeNull();
  });

  it('an answer given offline waits as "pending" and is delivered once on reconnect, even when the first reply is lost', async () => {
    member.net.down = true;
    const queued = await call(member.c, 'opinions.answer', { requestId, answer: 'other', comment: 'Đề nghị bổ sung đánh giá tác động môi trường' });
    expect(queued.mine).toMatchObject({ state: 'pending', answer: 'other' });
    await call(member.c, 'sync.now').catch(() => undefined);
    expect((await call(member.c, 'opinions.get', { id: requestId })).mine.state).toBe('pending');
    expect(await answersIn(requestId)).toHaveLength(0);

    // Back online, but the server's reply to the first push is lost: the app sends it again.
    member.net.down = false;
    member.net.loseReply = true;
    await call(member.c, 'sync.now').catch(() => undefined);
    expect(await answersIn(requestId)).toHaveLength(1);
    await call(member.c, 'sync.now');
    const after = await call(member.c, 'opinions.get', { id: requestId });
    expect(after.mine).toMatchObject({ state: 'delivered', answer: 'other', comment: 'Đề nghị bổ sung đánh giá tác động môi trường' });
    expect(member.net.pushes).toBeGreaterThanOrEqual(2);
    const rows = await answersIn(requestId);
    expect(rows).toHaveLength(1);
    const audits = await server.db.selectFrom('audit_log').select('id').where('action', '=', 'opinion.answer').where('entity_id', '=', requestId).execute();
    expect(audits).toHaveLength(1);
    // The secretary's progress view shows it.
    await call(sec, 'sync.now');
    const progress = await call(sec, 'opinions.get', { id: requestId });
    expect(progress.answeredCount).toBe(1);
  });

  it('an answer that reaches the server after the deadline is refused and shown as refused', async () => {
    late.net.down = true;
    await call(late.c, 'opinions.answer', { requestId, answer: 'agree', comment: '' });
    const deadline = (await call(late.c, 'opinions.get', { id: requestId })).deadline;
    clock.now = new Date(Date.parse(deadline) + 60_000);
    late.net.down = false;
    // The inbox and the header's count read again on what the services announce with the refusal.
    const changes: CacheChange[] = [];
    const off = late.c.on('data.changed', (c) => changes.push(c));
    await call(late.c, 'sync.now');
    off();
    expect(changes.some(changesOpinions)).toBe(true);
    const v = await call(late.c, 'opinions.get', { id: requestId });
    expect(v.mine).toMatchObject({ state: 'refused', answer: 'agree', refusal: { code: 'opinion_deadline_passed' } });
    expect(v.open).toBe(false);
    expect((await answersIn(requestId)).map((a) => a.answer)).toEqual(['other']);
  });

  it('after the deadline tick the summary (silence counted as agreement) and its PDF reach the member', async () => {
    const blobs = new FsBlobStore(join(dataDir, 'blobs'), dataDir);
    await blobs.init();
    await runOpinionTick(server.db, blobs, clock.now);
    await call(member.c, 'sync.now');
    const r = await call(member.c, 'opinions.get', { id: requestId });
    expect(r.status).toBe('final');
    expect(r.summary).toMatchObject({ passed: true, counts: { other: 1, agreeBySilence: 10 } });
    const opened = await call(member.c, 'opinions.openFile', { requestId, sha256: r.summarySha256! });
    expect(opened.url).toContain(r.summarySha256!);
    expect(await member.c.blobFile(r.summarySha256!)).not.toBeNull();
  });
});
