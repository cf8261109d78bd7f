/**
 * Incremental sync: the secretary renames an agenda item; how long from the push's reply until
 * another member's desktop services show the new title as the meeting screen reads it on
 * `data.changed` (renderer/src/meetings/useMeetingDetail.ts: `meetings.head` and
 * `meetings.documents`, each only when the change touches it, composed), with 10, 1,000 and 2,000
 * documents in the meeting (all cached on that member's machine), and at 2,000 again with a year of
 * earlier meetings in his cache. Baseline in the same run: a bare live socket that pulls on its poke
 * (no cache, no services). Also prints `meetings.get` alone at each size. Bounded: fixed
 * counts, a time limit on every wait, everything closed at the end. BENCH_CPU_PROFILE=<folder>:
 * a CPU profile of the measured part at each size (bench/lib/cpu-profile.ts).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { API_PATHS, type Mutation } from '../shared/api';
import type { LocalDocument, MeetingHead } from '../shared/bridge';
import { changesMeetingDocuments, changesMeetingHead, composeMeetingDetail } from '../shared/rules/meeting-detail';
import { createClientServices, dispatchBridgeCall, type ClientServices } from '../electron/services/index';
import { login, makePdf, PASSWORD, pullAll, pushOk, seedCommittee, sha256Hex, startTestServer, uploadPdf } from '../tests/server/helpers';
import { profilePhase } from './lib/cpu-profile';
import { ms, percentile, ratio, table } from './lib/stats';
import { formatRow, type BenchRow } from './lib/report';

/** Documents in the meeting at each step; INCREMENTAL_SYNC_SIZES=10,200 for a quick run. */
const SIZES = (process.env.INCREMENTAL_SYNC_SIZES ?? '10,1000,2000').split(',').map(Number);
const SAMPLES = 25;
/**
 * INCREMENTAL_SYNC_FILES=shared: every document refers to one PDF, so that a 2,000-document
 * meeting is grown in a minute instead of uploading and indexing 2,000 files (the rows, pulls
 * and reads measured are the same; only the files are fewer).
 */
const SHARED_FILE = process.env.INCREMENTAL_SYNC_FILES === 'shared';
/**
 * Then, at the largest size, once more with this many earlier meetings of the member in his
 * cache (published, each with an agenda item and a document; ~a year of a city committee's
 * meetings): the work after a change follows the change, not the meetings either.
 * INCREMENTAL_SYNC_MEETINGS=0 leaves that step out.
 */
const EARLIER_MEETINGS = Number(process.env.INCREMENTAL_SYNC_MEETINGS ?? 1000);

async function until<T>(what: string, f: () => T | null | undefined | false | Promise<T | null | undefined | false>, timeoutMs = 300_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main() {
  const s = await startTestServer({ loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
  const dirs: string[] = [];
  let client: ClientServices | null = null;
  try {
    const c = await seedCommittee(s);
    const sec = c.users.thuky.token;
    const meetingId = randomUUID();
    const itemId = randomUUID();
    // Tomorrow: an upcoming meeting, whose documents the services keep ready offline.
    const tomorrow = new Date(Date.now() + 86_400_000);
    const meeting = c.meeting(meetingId, 'Phiên họp đo đồng bộ', 'draft');
    Object.assign(meeting.args, { startsAt: tomorrow.toISOString(), endsAt: new Date(tomorrow.getTime() + 3 * 3600_000).toISOString() });
    await pushOk(
      s.url,
      sec,
      meeting,
      c.participant(meetingId, c.users.an.id),
      c.participant(meetingId, c.users.chutich.id, 'chair'),
      { id: randomUUID(), kind: 'agendaItem.upsert', args: { id: itemId, meetingId, position: 1, title: 'Nội dung 0', presenterId: null, presenterLabel: '', plannedMinutes: 30 } },
      { id: randomUUID(), kind: 'meeting.publish', args: { meetingId } },
    );
    let documents = 0;
    const shared = SHARED_FILE ? await makePdf('Tài liệu chung') : null;
    if (shared) await uploadPdf(s.url, sec, shared);
    let renames = 0;
    const rename = async () => {
      const title = `Nội dung ${++renames}`;
      await pushOk(s.url, sec, { id: randomUUID(), kind: 'agendaItem.upsert', args: { id: itemId, meetingId, position: 1, title, presenterId: null, presenterLabel: '', plannedMinutes: 30 } });
      return { title, at: performance.now() };
    };

    const an = await login(s.url, 'an');
    const dataDir = await mkdtemp(join(tmpdir(), 'ecab-bench-client-'));
    dirs.push(dataDir);
    client = await createClientServices({ dataDir, defaultServerUrl: s.url, documentUrl: (sha) => `/doc/${sha}`, mode: 'browser', version: '0.0.0-bench' });
    const call = async (method: string, input: unknown = {}) => {
      const r = await dispatchBridgeCall(client!.handlers, method as never, input);
      if (!r.ok) throw new Error(`${method}: ${r.error.code}`);
      return r.value as any;
    };
    // Indexing runs in the background as documents arrive; measure once it is idle.
    let pendingIndex = Infinity;
    client.on('search.indexed', (e) => (pendingIndex = e.pendingDocuments));
    await call('session.login', { username: 'an', password: PASSWORD });

    const rows: (string | number)[][] = [['documents', 'push → visible on another client p50', 'baseline: live socket + pull p50', 'ratio', 'meetings.get p50', 'target']];
    /** The same figures as rows of `npm run bench`'s one table. */
    const benchRows: BenchRow[] = [];
    const addEarlierMeetings = async (count: number) => {
      console.log(`adding ${count} earlier meetings…`);
      const paper = shared ?? (await makePdf('Tài liệu phiên họp trước'));
      if (!shared) await uploadPdf(s.url, sec, paper);
      const batch: Mutation[] = [];
      for (let i = 0; i < count; i++) {
        const id = randomUUID();
        const item = randomUUID();
        // From two days back: none of them today (its document would count in "ready offline").
        const starts = new Date(Date.now() - (i + 6) * 8 * 3600_000);
        const earlier = c.meeting(id, `Phiên họp trước số ${i + 1}`, 'draft') as Mutation;
        Object.assign(earlier.args, { startsAt: starts.toISOString(), endsAt: new Date(starts.getTime() + 2 * 3600_000).toISOString() });
        batch.push(
          earlier,
          c.participant(id, c.users.an.id) as Mutation,
          { id: randomUUID(), kind: 'agendaItem.upsert', args: { id: item, meetingId: id, position: 1, title: 'Nội dung 1', presenterId: null, presenterLabel: '', plannedMinutes: 30 } } as Mutation,
          { id: randomUUID(), kind: 'document.upsert', args: { id: randomUUID(), meetingId: id, agendaItemId: item, title: 'Tờ trình', fileName: 'to-trinh.pdf', sha256: sha256Hex(paper), classification: 'internal' } } as Mutation,
          { id: randomUUID(), kind: 'meeting.publish', args: { meetingId: id } } as Mutation,
        );
        if (batch.length >= 100) await pushOk(s.url, sec, ...batch.splice(0));
      }
      if (batch.length) await pushOk(s.url, sec, ...batch.splice(0));
    };
    let listNote = '';
    const steps = [...SIZES.map((size) => ({ size, earlier: 0 })), ...(EARLIER_MEETINGS > 0 ? [{ size: SIZES[SIZES.length - 1], earlier: EARLIER_MEETINGS }] : [])];
    for (const { size, earlier } of steps) {
      if (earlier > 0) await addEarlierMeetings(earlier);
      console.log(`growing the meeting to ${size} documents…`);
      const batch: Mutation[] = [];
      for (; documents < size; documents++) {
        const bytes = shared ?? (await makePdf(`Tài liệu số ${documents}`));
        if (!shared) await uploadPdf(s.url, sec, bytes);
        batch.push({ id: randomUUID(), kind: 'document.upsert', args: { id: randomUUID(), meetingId, agendaItemId: documents % 2 ? itemId : null, title: `Tài liệu ${documents}`, fileName: `tai-lieu-${documents}.pdf`, sha256: sha256Hex(bytes), classification: 'internal' } } as Mutation);
        if (batch.length === 100) await pushOk(s.url, sec, ...batch.splice(0));
      }
      if (batch.length) await pushOk(s.url, sec, ...batch.splice(0));
      // Every document on the member's machine, the search index done: nothing else running.
      await call('sync.now');
      await until('all documents cached', async () => {
        const st = await call('sync.status');
        const files = shared ? 1 : size;
        return st.offlineReady?.documents === files && st.offlineReady.total === files && st.download.filesTotal === 0;
      });
      await until('search index idle', () => pendingIndex === 0, 600_000);

      // Baseline: a bare poke socket and a pull from our cursor.
      let cursor = (await pullAll(s.url, an.accessToken)).cursor;
      const ws = new WebSocket(s.url.replace(/^http/, 'ws') + API_PATHS.live, { headers: { authorization: `Bearer ${an.accessToken}` } });
      let poked: (() => void) | null = null;
      ws.on('message', (raw) => {
        const m = JSON.parse(String(raw));
        if (m.type === 'poke' && m.scope === `meeting:${meetingId}`) poked?.();
      });
      await new Promise((r) => ws.once('open', r));
      const baseline: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const poke = new Promise<void>((r) => (poked = r));
        const { title, at } = await rename();
        await poke;
        for (;;) {
          const page = await pullAll(s.url, an.accessToken, cursor);
          cursor = page.cursor;
          if (page.changes.some((ch) => ch.entity === 'agendaItem' && (ch as { data?: { title?: string } }).data?.title === title)) break;
        }
        baseline.push(performance.now() - at);
      }
      ws.terminate();

      // Ours: the member's services pull on their own poke; the screen re-reads the parts the change touches.
      const ours: number[] = [];
      const parts: { head: MeetingHead; documents: LocalDocument[] } = { head: await call('meetings.head', { id: meetingId }), documents: await call('meetings.documents', { id: meetingId }) };
      const profile = await profilePhase();
      for (let i = 0; i < SAMPLES; i++) {
        let seen: ((t: number) => void) | null = null;
        let want = '';
        const off2 = client.on('data.changed', (e) => {
          const head = changesMeetingHead(e, meetingId) ? call('meetings.head', { id: meetingId }) : null;
          const documents = changesMeetingDocuments(e, meetingId) ? call('meetings.documents', { id: meetingId }) : null;
          if (!head && !documents) return;
          void Promise.all([head, documents]).then(([h, d]) => {
            if (h) parts.head = h;
            if (d) parts.documents = d;
            if (composeMeetingDetail(parts.head, parts.documents).agenda.some((a) => a.item.title === want)) seen?.(performance.now());
          });
        });
        const visible = new Promise<number>((r) => (seen = r));
        const t = await rename();
        want = t.title;
        ours.push((await Promise.race([visible, new Promise<number>((_, rej) => setTimeout(() => rej(new Error('not visible')), 30_000))])) - t.at);
        off2();
      }
      const gets: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t0 = performance.now();
        await call('meetings.get', { id: meetingId });
        gets.push(performance.now() - t0);
      }
      // The meeting list (the first screen) with a year of meetings in the cache.
      const lists: number[] = [];
      if (earlier) {
        for (let i = 0; i < 20; i++) {
          const t0 = performance.now();
          await call('meetings.list');
          lists.push(performance.now() - t0);
        }
        // The list screen's read: a page of them.
        const pages: number[] = [];
        for (let i = 0; i < 20; i++) {
          const t0 = performance.now();
          await call('meetings.page', {});
          pages.push(performance.now() - t0);
        }
        const pageP50 = percentile(pages.sort((a, b) => a - b), 50);
        listNote = `with ${earlier + 1} meetings in the cache: meetings.list (every meeting) p50 ${ms(percentile(lists.sort((a, b) => a - b), 50))}, meetings.page (the list screen's) p50 ${ms(pageP50)}`;
        benchRows.push({ bench: 'incremental-sync', measure: `meetings.page (the list screen's read), ${earlier + 1} meetings in the cache`, unit: 'ms', ours: pageP50, baseline: null, spread: 'p50 of 20' });
      }
      await profile.stop(`incremental-sync-${size}${earlier ? `-and-${earlier}-meetings` : ''}`);
      const o = percentile([...ours].sort((a, b) => a - b), 50);
      const b = percentile([...baseline].sort((a, b) => a - b), 50);
      const getP50 = percentile(gets.sort((a, b) => a - b), 50);
      rows.push([earlier ? `${size}, and ${earlier} earlier meetings` : size, ms(o), ms(b), ratio(o, b), ms(getP50), size === 1000 && !earlier ? 'p50 ≤ 30 ms; get ≤ 20 ms' : 'p50 ≤ 30 ms']);
      const docs = `${size} documents${earlier ? ` and ${earlier} earlier meetings` : ''}`;
      benchRows.push(
        { bench: 'incremental-sync', measure: `push reply → visible on another client, ${docs} | bare live socket + pull`, unit: 'ms', ours: o, baseline: b, spread: `p50 of ${SAMPLES}`, target: '≤ 30 ms' },
        { bench: 'incremental-sync', measure: `meetings.get, ${docs}`, unit: 'ms', ours: getP50, baseline: null, spread: 'p50 of 20', ...(size === 1000 && !earlier ? { target: '≤ 20 ms' } : {}) },
      );
      console.log(rows.at(-1)!.join('  '));
    }
    console.log(`\nincremental sync, one member's services (in this process) vs a bare socket + pull (${new Date().toISOString()}), ${SAMPLES} renames per size${shared ? ', every document the same file' : ''}`);
    table(rows);
    if (listNote) console.log(listNote);
    for (const r of benchRows) console.log(formatRow(r));
  } finally {
    await client?.close();
    await s.stop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  }
}

const limit = setTimeout(() => {
  console.error('incremental-sync: time limit (15 min) reached');
  process.exit(1);
}, 15 * 60_000);
limit.unref();
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
