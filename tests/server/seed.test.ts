import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DemoContent } from '../../server/demo/content-types';
import { FsBlobStore, openDatabase, seedDemoFrom, vietnamInstant } from '../../server/index';
import { call, idsOf, login, makePdf, pullAll, startTestServer, type TestServer } from './helpers';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';

const fixture: DemoContent = {
  organization: { name: 'Ủy ban nhân dân thành phố Thử Nghiệm', shortName: 'UBND TP' },
  password: 'demo-password-1',
  users: [
    { key: 'ct', username: 'chutich', fullName: 'Trần Văn Chủ', title: 'Chủ tịch', role: 'chair' },
    { key: 'tv', username: 'thanhvien', fullName: 'Lê Thị Viên', title: 'Ủy viên', role: 'member' },
    { key: 'tk', username: 'thuky', fullName: 'Phan Thư Ký', title: 'Chuyên viên', role: 'secretary' },
  ],
  meetings: [
    {
      title: 'Phiên họp thường kỳ',
      dayOffset: 0,
      startTime: '08:00',
      endTime: '11:30',
      location: 'Phòng họp tầng 3',
      status: 'published',
      chairKey: 'ct',
      participants: [
        { userKey: 'ct', role: 'chair' },
        { userKey: 'tv', role: 'member' },
      ],
      agenda: [
        {
          title: 'Tờ trình ngân sách',
          presenterKey: null,
          presenterLabel: 'Giám đốc Sở Tài chính',
          plannedMinutes: 40,
          documents: [{ title: 'Tờ trình', fileName: 'to-trinh.pdf', classification: 'internal', number: 'Số: 1/TTr', issuer: 'Sở Tài chính', paragraphs: ['Nội dung.'] }],
        },
      ],
    },
    {
      title: 'Phiên họp chuẩn bị',
      dayOffset: 7,
      startTime: '14:00',
      endTime: '16:00',
      location: 'Phòng họp nhỏ',
      status: 'draft',
      chairKey: 'ct',
      participants: [{ userKey: 'tv', role: 'member' }],
      agenda: [],
    },
  ],
};

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('demo seed', () => {
  it('places Vietnam local times on the right UTC instants', () => {
    // 23:30 UTC on the 22nd is already the 23rd in Vietnam.
    const now = new Date('2026-11-22T23:30:00.000Z');
    expect(vietnamInstant(now, 0, '08:00').toISOString()).toBe('2026-11-23T01:00:00.000Z');
    expect(vietnamInstant(now, -14, '14:30').toISOString()).toBe('2026-11-09T07:30:00.000Z');
    expect(vietnamInstant(now, 7, '00:15').toISOString()).toBe('2026-11-29T17:15:00.000Z');
  });

  it('seeds a fixture once (idempotent) with PDFs in the blob store', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ecab-seed-'));
    dirs.push(dir);
    const db = await openDatabase(join(dir, 'ecabinet.sqlite'));
    const blobs = new FsBlobStore(join(dir, 'blobs'), dir);
    await blobs.init();
    const now = new Date('2026-11-23T02:00:00.000Z');
    let rendered = 0;
    const render = async (doc: { title: string }) => {
      rendered++;
      return makePdf(doc.title.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd'));
    };
    const first = await seedDemoFrom(db, blobs, now, fixture, render, FAST_PASSWORD_HASHING_FOR_TESTS);
    expect(first.seeded).toBe(true);
    expect(first.accounts.map((a) => [a.username, a.role])).toEqual([
      ['chutich', 'chair'],
      ['thanhvien', 'member'],
      ['thuky', 'secretary'],
    ]);
    const second = await seedDemoFrom(db, blobs, now, fixture, render, FAST_PASSWORD_HASHING_FOR_TESTS);
    expect(second.seeded).toBe(false);
    expect(rendered).toBe(1);
    const meetings = await db.selectFrom('meetings').select(['title', 'starts_at', 'ends_at', 'status']).orderBy('starts_at').execute();
    expect(meetings).toEqual([
      { title: 'Phiên họp thường kỳ', starts_at: '2026-11-23T01:00:00.000Z', ends_at: '2026-11-23T04:30:00.000Z', status: 'published' },
      { title: 'Phiên họp chuẩn bị', starts_at: '2026-11-30T07:00:00.000Z', ends_at: '2026-11-30T09:00:00.000Z', status: 'draft' },
    ]);
    const doc = await db.selectFrom('documents').selectAll().executeTakeFirstOrThrow();
    expect(await blobs.size(doc.sha256)).toBe(doc.size);
    await db.destroy();
  });

  it('startServer({seed: "demo"}) loads the real demo committee, usable over HTTP', async () => {
    let s: TestServer | undefined;
    try {
      s = await startTestServer({ seed: 'demo' });
      expect(s.demo?.accounts.length).toBeGreaterThan(3);
      const member = s.demo!.accounts.find((a) => a.role === 'member')!;
      const t = await login(s.url, member.username, s.demo!.password);
      const pulled = await pullAll(s.url, t.accessToken);
      expect(idsOf(pulled.changes, 'meeting').length).toBeGreaterThan(0);
      const docs = pulled.changes.filter((c) => c.entity === 'document' && c.op === 'upsert');
      expect(docs.length).toBeGreaterThan(0);
      const first = docs[0] as Extract<(typeof docs)[number], { op: 'upsert'; entity: 'document' }>;
      const blob = await fetch(`${s.url}/api/blobs/${first.data.sha256}`, { headers: { authorization: `Bearer ${t.accessToken}` } });
      expect(blob.status).toBe(200);
      expect(new TextDecoder().decode((await blob.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
      // No draft reaches a member.
      for (const c of pulled.changes) if (c.entity === 'meeting' && c.op === 'upsert') expect(c.data.status).not.toBe('draft');
    } finally {
      const dataDir = s?.dataDir;
      await s?.close();
      // Restarting with the seed option on a seeded database changes nothing.
      if (dataDir) {
        const again = await startTestServer({ dataDir, seed: 'demo' });
        expect(again.demo).toBeUndefined();
        await again.stop(); // also removes the data dir
      }
    }
  }, 120_000);

  it('the health endpoint works on an empty server without a seed', async () => {
    const s = await startTestServer();
    expect((await call(s.url, 'GET', '/api/health')).body.seq).toBe(0);
    await s.stop();
  });
});
