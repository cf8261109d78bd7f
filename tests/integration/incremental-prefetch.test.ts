/**
 * After the first sync the services re-read only the meetings a pull changed, and remember the
 * files they already hold; this checks that the outcome is still complete: a document added to
 * an upcoming meeting is fetched and counted, a removed one leaves the count, a meeting moved
 * into the past drops out of "ready offline" (and comes back when moved ahead again), and `meetings.get` still tells cached and viewed
 * documents apart and follows renamed and new documents of a meeting it read before. Real server, real services, real files.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation } from '../../shared/api';
import type { BridgeMethodName, BridgeOutput } from '../../shared/bridge';
import { createClientServices, dispatchBridgeCall, type ClientServices } from '../../electron/services/index';
import { makePdf, PASSWORD, pushOk, seedCommittee, sha256Hex, startTestServer, uploadPdf, type TestServer } from '../server/helpers';
import { removeTempDirs, tempDir, waitFor } from './helpers/temp';

let s: TestServer;
let c: Awaited<ReturnType<typeof seedCommittee>>;
let member: ClientServices;
const meetingId = randomUUID();

async function call<M extends BridgeMethodName>(m: M, input: unknown = {}): Promise<BridgeOutput<M>> {
  const r = await dispatchBridgeCall(member.handlers, m, input);
  if (!r.ok) throw Object.assign(new Error(`${m}: ${r.error.code}`), { code: r.error.code });
  return r.value as BridgeOutput<M>;
}
const ready = async () => (await call('sync.status')).offlineReady;
const docsOf = async () => {
  const d = await call('meetings.get', { id: meetingId });
  return [...d.agenda.flatMap((a) => a.documents), ...d.documents];
};

async function addDocument(text: string, id: string = randomUUID()): Promise<string> {
  const bytes = await makePdf(text);
  expect((await uploadPdf(s.url, c.users.thuky.token, bytes)).status).toBe(201);
  await pushOk(s.url, c.users.thuky.token, {
    id: randomUUID(),
    kind: 'document.upsert',
    args: { id, meetingId, agendaItemId: null, title: text, fileName: 'tai-lieu.pdf', sha256: sha256Hex(bytes), classification: 'internal' },
  } as Mutation);
  return id;
}

function meetingOn(startsAt: Date) {
  const m = c.meeting(meetingId, 'Phiên họp sắp tới', 'published');
  Object.assign(m.args, { startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3 * 3600_000).toISOString() });
  return m;
}

beforeAll(async () => {
  s = await startTestServer();
  c = await seedCommittee(s);
  const draft = meetingOn(new Date(Date.now() + 2 * 86_400_000));
  Object.assign(draft.args, { status: 'draft' });
  await pushOk(s.url, c.users.thuky.token, draft, c.participant(meetingId, c.users.an.id), { id: randomUUID(), kind: 'meeting.publish', args: { meetingId } } as Mutation);
  await addDocument('Tờ trình thứ nhất');
  member = await createClientServices({ dataDir: tempDir(), defaultServerUrl: s.url, documentUrl: (sha) => `/doc/${sha}`, mode: 'browser', version: '0.0.0-test', retry: { initialMs: 100, maxMs: 500 } });
  await call('session.login', { username: 'an', password: PASSWORD });
});
afterAll(async () => {
  await member?.close();
  await s?.stop();
  removeTempDirs();
});

describe('work after a pull follows the change', () => {
  it('a document added later is fetched and counted; a removed one leaves the count; a meeting moved into the past drops out', async () => {
    await waitFor(async () => (await ready())?.documents === 1, 20_000, 'the first document ready offline');
    const second = await addDocument('Tờ trình bổ sung');
    await waitFor(async () => JSON.stringify(await ready()) === JSON.stringify({ documents: 2, total: 2 }), 20_000, 'the added document ready offline');
    expect((await docsOf()).map((d) => [d.id === second, d.cached])).toEqual(expect.arrayContaining([[true, true]]));

    await call('documents.markViewed', { id: second });
    expect((await docsOf()).find((d) => d.id === second)!.viewedVersion).toBe(1);
    expect((await docsOf()).filter((d) => d.viewedVersion === null)).toHaveLength(1);

    await pushOk(s.url, c.users.thuky.token, { id: randomUUID(), kind: 'document.delete', args: { id: second } } as Mutation);
    await waitFor(async () => JSON.stringify(await ready()) === JSON.stringify({ documents: 1, total: 1 }), 20_000, 'the removed document out of the count');

    // The meeting was read above: a renamed document takes its new place in the title order, a new one appears.
    const titles = async () => (await docsOf()).map((d) => d.title);
    await addDocument('Tờ trình thứ nhất (bản sửa)', (await docsOf())[0].id);
    await waitFor(async () => JSON.stringify(await titles()) === JSON.stringify(['Tờ trình thứ nhất (bản sửa)']), 20_000, 'the renamed document');
    await addDocument('Báo cáo tổng hợp');
    await waitFor(async () => JSON.stringify(await titles()) === JSON.stringify(['Báo cáo tổng hợp', 'Tờ trình thứ nhất (bản sửa)']), 20_000, 'the new document first in title order');

    await pushOk(s.url, c.users.thuky.token, meetingOn(new Date(Date.now() - 30 * 86_400_000)));
    await waitFor(async () => JSON.stringify(await ready()) === JSON.stringify({ documents: 0, total: 0 }), 20_000, 'a past meeting out of the count');
    expect(await titles()).toHaveLength(2);
    // Moved to tomorrow again: upcoming once more, its documents ready offline (the prefetch found
    // which meetings are upcoming again because a meeting changed, not on every pull).
    await pushOk(s.url, c.users.thuky.token, meetingOn(new Date(Date.now() + 86_400_000)));
    await waitFor(async () => JSON.stringify(await ready()) === JSON.stringify({ documents: 2, total: 2 }), 20_000, 'the meeting upcoming again, in the count');
  });
});

describe('a test may turn the prefetch off', () => {
  it('prefetchDocuments: false downloads nothing ahead, and a document opened is downloaded then', async () => {
    await pushOk(s.url, c.users.thuky.token, meetingOn(new Date(Date.now() + 2 * 86_400_000)));
    await waitFor(async () => (await ready())?.total === 2, 20_000, 'the meeting upcoming again, its documents counted');
    const lazy = await createClientServices({ dataDir: tempDir(), defaultServerUrl: s.url, documentUrl: (sha) => `/doc/${sha}`, mode: 'browser', version: '0.0.0-test', retry: { initialMs: 100, maxMs: 500 }, prefetchDocuments: false });
    try {
      const lazyCall = async <M extends BridgeMethodName>(m: M, input: unknown = {}) => {
        const r = await dispatchBridgeCall(lazy.handlers, m, input);
        if (!r.ok) throw new Error(`${m}: ${r.error.code}`);
        return r.value as BridgeOutput<M>;
      };
      await lazyCall('session.login', { username: 'an', password: PASSWORD });
      await lazyCall('sync.now');
      const docs = async () => {
        const d = await lazyCall('meetings.get', { id: meetingId });
        return [...d.agenda.flatMap((a) => a.documents), ...d.documents];
      };
      expect((await docs()).map((d) => d.cached)).toEqual([false, false]);
      expect((await lazyCall('sync.status')).offlineReady).toBeNull();
      const [first] = await docs();
      await lazyCall('documents.open', { id: first.id });
      expect((await docs()).find((d) => d.id === first.id)!.cached).toBe(true);
    } finally {
      await lazy.close();
    }
  });
});
