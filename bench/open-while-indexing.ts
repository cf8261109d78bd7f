/**
 * Opening documents while a large packet is being indexed. The real sync server (demo
 * committee, the built `ecabinet server` in a process of its own) and real client services in
 * one run: a member's client opens 20 cached documents (bridge `documents.open`, then the file
 * read as the document protocol serves it to pdf.js) with the text indexer idle (baseline: rounds
 * before and after the packet), and over and over the whole time the indexer reads a ~200 MB
 * packet of text-heavy PDFs that just reached the cache. Prints the time of 20
 * opens (median and p95 round) in both cases and their ratio (target ≤ 1.5×), and the longest
 * stall of the services' event loop. The PDFs are generated here (nothing big is committed). It runs
 * with the V8 options of the services process (see runsAsServicesProcess).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PDFDocument } from '@cantoo/pdf-lib';
import { API_PATHS, type Mutation } from '../shared/api';
import { ocrStatusPath } from '../shared/ocr';
import type { BridgeMethodName, BridgeOutput } from '../shared/bridge';
import { demoContent } from '../server/demo/content';
import { createClientServices, dispatchBridgeCall, type ClientServices } from '../electron/services/index';
import { TextIndex } from '../electron/services/search/text-index';
import { keyHexForFile, openDocumentFile } from '../electron/services/crypto/blob-file';
import { FONT_FILES, fontBytes, subsettingFontkit } from '../signing/pdf/fonts';
import { httpLogin, httpPullAll, httpPush, materialize } from '../tests/integration/helpers/server-api';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../tests/helpers/fast-password-hashing';
import { spawnServer } from '../tests/helpers/server-process';
import { releaseYoungGenerationOption, servicesProcessEnv, servicesProcessExecArgv } from '../electron/services-process/malloc-env';
import { mb, ms, ratio, summarize, table } from './lib/stats';
import { formatRow } from './lib/report';

/**
 * Where the services' thread stalls come from: every gap of more than 50 ms between two ticks
 * of a 5 ms timer, counted as during an index write (TextIndex.storeGradually) or not.
 */
function stallRecorder() {
  let writing = 0;
  const store = TextIndex.prototype.storeGradually;
  TextIndex.prototype.storeGradually = async function (this: TextIndex, ...args: Parameters<typeof store>) {
    writing++;
    try {
      return await store.apply(this, args);
    } finally {
      writing--;
    }
  };
  const stalls = { duringWrites: 0, otherwise: 0 };
  let last = performance.now();
  const timer = setInterval(() => {
    const t = performance.now();
    if (t - last > 50) stalls[writing > 0 ? 'duringWrites' : 'otherwise']++;
    last = t;
  }, 5);
  return {
    stalls,
    stop() {
      clearInterval(timer);
      TextIndex.prototype.storeGradually = store;
    },
  };
}

/** Collects garbage left by generating the PDFs, so a GC pause is not measured as contention (run with --expose-gc). */
const collectGarbage = () => (globalThis as { gc?: () => void }).gc?.();

const OPENS = 20;
/** Rounds of the 20 opens with the indexer idle (while indexing: as many as fit in the indexing). */
const ROUNDS = 40;
/** A typical meeting document: a few text pages and a scanned annex. */
const OPEN_DOC_BYTES = 2 * 1024 * 1024;
const PACKET_DOCS = 10;
const PACKET_TEXT_PAGES = 300;
const PACKET_BYTES = 200 * 1024 * 1024;
const TIME_LIMIT_MS = 15 * 60_000;

const LINES = [
  'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;',
  'Xét đề nghị của Sở Giao thông vận tải tại Tờ trình số 1234/TTr-SGTVT,',
  'Ủy ban nhân dân thành phố thống nhất thông qua Đề án phát triển mạng lưới',
  'giao thông công cộng đô thị giai đoạn 2026 - 2035, tầm nhìn đến năm 2045.',
  'Tổng kinh phí dự kiến: 12.500 tỷ đồng từ ngân sách nhà nước và xã hội hóa.',
  'Các sở, ban, ngành đồng ý phối hợp tổ chức thực hiện, báo cáo định kỳ.',
];

async function textPdf(pages: number, seed: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(subsettingFontkit);
  const font = await doc.embedFont(fontBytes(FONT_FILES.regular), { subset: true });
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([595, 842]);
    page.drawText(`${seed} - trang ${p + 1}`, { x: 60, y: 790, size: 12, font });
    for (let l = 0; l < 36; l++) page.drawText(LINES[(p + l) % LINES.length], { x: 60, y: 760 - l * 20, size: 11, font });
  }
  return doc.save();
}

/** A packet document: the shared text pages plus an annex of its own (scans: incompressible bytes) up to `bytes`. */
async function packetPdf(text: Uint8Array, bytes: number, n: number): Promise<Uint8Array> {
  const doc = await PDFDocument.load(text);
  doc.setTitle(`Hồ sơ ${n}`);
  await doc.attach(crypto.randomBytes(Math.max(0, bytes - text.length)), `phu-luc-${n}.bin`, { mimeType: 'application/octet-stream' });
  return doc.save({ useObjectStreams: false });
}

async function uploadBlob(base: string, token: string, bytes: Uint8Array): Promise<string> {
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const res = await fetch(base + API_PATHS.blob(sha256), { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' }, body: bytes });
  if (!res.ok) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  return sha256;
}

async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>): Promise<T> {
  const end = Date.now() + TIME_LIMIT_MS;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecab-bench-open-'));
  // In a process of its own, as on a deployment: the server's work (checking uploads, the text
  // check of a meeting's PDFs, answering the client's sync) never runs on the thread that answers
  // the client's calls, nor collects garbage there.
  const serverProcess = spawnServer(['--data', path.join(tmp, 'server'), '--port', '0', '--seed', 'demo', '--password-cost', String(FAST_PASSWORD_HASHING_FOR_TESTS.N), '--log-level', 'warn']);
  const server = { url: await serverProcess.url, close: serverProcess.stop };
  let client: ClientServices | null = null;
  try {
    const call = async <M extends BridgeMethodName>(method: M, input: unknown = {}): Promise<BridgeOutput<M>> => {
      const r = await dispatchBridgeCall(client!.handlers, method, input);
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
      return r.value as BridgeOutput<M>;
    };
    const secretary = demoContent.users.find((u) => u.role === 'secretary')!;
    const member = demoContent.users.find((u) => u.role === 'member')!;
    const sec = (await httpLogin(server.url, secretary.username, demoContent.password)).accessToken;
    const users = materialize((await httpPullAll(server.url, sec)).changes).users;
    const idOf = (username: string) => users.find((u) => u.username === username)!.id;
    const chairId = idOf(demoContent.users.find((u) => u.role === 'chair')!.username);
    const memberId = idOf(member.username);

    const m = (kind: Mutation['kind'], args: unknown) => ({ id: crypto.randomUUID(), kind, args }) as Mutation;
    /** Pushes the secretary's mutations; any refused fails the bench. */
    async function push(mutations: Mutation[]): Promise<void> {
      const refused = (await httpPush(server.url, sec, mutations)).results.filter((r) => r.status !== 'applied');
      if (refused.length) throw new Error(`refused: ${JSON.stringify(refused)}`);
    }
    /** A draft meeting of tomorrow with these files (the member's client prefetches it once it is published). */
    async function prepareMeeting(title: string, files: { title: string; sha256: string }[]): Promise<{ meetingId: string; docIds: string[] }> {
      const meetingId = crypto.randomUUID();
      const starts = new Date(Date.now() + 24 * 3600_000);
      const docIds = files.map(() => crypto.randomUUID());
      await push([
        m('meeting.upsert', { id: meetingId, title, startsAt: starts.toISOString(), endsAt: new Date(starts.getTime() + 3 * 3600_000).toISOString(), location: 'Phòng họp số 1', status: 'draft', chairId }),
        m('participant.upsert', { id: crypto.randomUUID(), meetingId, userId: chairId, role: 'chair' }),
        m('participant.upsert', { id: crypto.randomUUID(), meetingId, userId: memberId, role: 'member' }),
        ...files.map((f, i) =>
          m('document.upsert', { id: docIds[i], meetingId, agendaItemId: null, title: f.title, fileName: `${f.sha256.slice(0, 8)}.pdf`, sha256: f.sha256, classification: 'internal', allowPrint: null, allowDownload: null }),
        ),
      ]);
      return { meetingId, docIds };
    }
    const publish = (meetingId: string) => push([m('meeting.publish', { meetingId })]);

    // Everything is generated and uploaded first: the measurements see no PDF generation.
    console.log('generating and uploading the documents and the packet…');
    const openFiles: { title: string; sha256: string; size: number }[] = [];
    for (let i = 0; i < OPENS; i++) {
      const bytes = await packetPdf(await textPdf(4, `Tài liệu ${i + 1}`), OPEN_DOC_BYTES, i + 1);
      openFiles.push({ title: `Tài liệu họp số ${i + 1}`, sha256: await uploadBlob(server.url, sec, bytes), size: bytes.length });
    }
    const text = await textPdf(PACKET_TEXT_PAGES, 'Hồ sơ');
    const packet: { title: string; sha256: string }[] = [];
    let packetBytes = 0;
    for (let i = 0; i < PACKET_DOCS; i++) {
      const bytes = await packetPdf(text, PACKET_BYTES / PACKET_DOCS, i + 1);
      packetBytes += bytes.length;
      packet.push({ title: `Hồ sơ trình số ${i + 1}`, sha256: await uploadBlob(server.url, sec, bytes) });
    }
    const { meetingId: openMeetingId, docIds: openIds } = await prepareMeeting('Phiên họp thường kỳ tháng 12', openFiles);
    await publish(openMeetingId);
    // The packet's meeting is prepared now and published after the idle phase: the server checks a
    // meeting's PDFs for pages without text (pdftotext) as soon as they are documents, which on a
    // real deployment happens on the server's machine, not beside the member's client. Published
    // with its documents already checked, the measured phase has only the client's own work.
    const { meetingId: packetMeetingId } = await prepareMeeting('Phiên họp chuyên đề: hồ sơ dự án', packet);

    client = await createClientServices({
      dataDir: path.join(tmp, 'client'),
      defaultServerUrl: server.url,
      documentUrl: (sha) => `ecabinet-doc://blob/${sha}`,
      mode: 'browser',
      version: 'bench',
      retry: { initialMs: 100, maxMs: 1000 },
    });
    await call('session.login', { username: member.username, password: demoContent.password });
    // A query that matches nothing: cheap, and it tells how many documents wait to be indexed.
    const pending = async () => (await call('search.query', { query: 'khong co tu nay xyzzy' })).pendingDocuments;
    const indexerIdle = async () => (await pending()) === 0;
    /** Whether the member's client has downloaded (prefetched) every document of the meeting. */
    const allCached = async (meetingId: string, count: number) => {
      const detail = await call('meetings.get', { id: meetingId }).catch(() => null);
      return detail !== null && detail.documents.length === count && detail.documents.every((d) => d.cached);
    };
    await waitFor('the documents to be cached and indexed', async () => (await allCached(openMeetingId, OPENS)) && (await indexerIdle()));

    /** One open as the reader does it: the bridge call, then the whole file as the document protocol serves it (decrypted). */
    async function openAll(): Promise<number[]> {
      const times: number[] = [];
      for (const id of openIds) {
        const t0 = performance.now();
        const { document } = await call('documents.open', { id });
        const file = await client!.blobFile(document.sha256);
        if (!file) throw new Error('document not cached');
        // As the document protocol serves it: the cached (encrypted) file decrypted chunk by chunk.
        const served = await openDocumentFile(file, keyHexForFile(file));
        for await (const chunk of served.stream(0, served.size - 1)) void chunk;
        times.push(performance.now() - t0);
      }
      return times;
    }
    /**
     * Rounds of the 20 opens for as long as `more()` holds (with the indexer busy: the whole time the
     * packet is indexed: text extraction and index writes alike), with the main thread's
     * longest stall during them.
     */
    async function measure(more: () => Promise<boolean>): Promise<{ rounds: number[][]; maxDelayMs: number }> {
      collectGarbage();
      const lag = monitorEventLoopDelay({ resolution: 5 });
      lag.enable();
      const rounds: number[][] = [];
      const t0 = performance.now();
      do {
        rounds.push(await openAll());
        // BENCH_ROUNDS_LOG=1: each round, with this process's CPU time (user, kernel) and its heap.
        if (process.env.BENCH_ROUNDS_LOG) {
          const cpu = process.cpuUsage();
          const mem = process.memoryUsage();
          console.log(
            `round ${rounds.length} at ${((performance.now() - t0) / 1000).toFixed(1)} s: ${Math.round(rounds.at(-1)!.reduce((a, b) => a + b, 0))} ms, ${await pending()} to index; ` +
              `CPU so far ${Math.round(cpu.user / 1000)} ms user, ${Math.round(cpu.system / 1000)} ms kernel; heap ${mb(mem.heapUsed)}, external ${mb(mem.external)}`,
          );
        }
      } while (await more());
      lag.disable();
      return { rounds, maxDelayMs: lag.max / 1e6 };
    }
    // The server checks every document's PDF for pages without text (pdftotext, niced, one at a
    // time) in the background: neither phase may share the CPU with that.
    const ocrSettled = async () => {
      for (const f of [...openFiles, ...packet]) {
        const res = await fetch(server.url + ocrStatusPath(f.sha256), { headers: { authorization: `Bearer ${sec}` } });
        const { state } = (await res.json()) as { state: string };
        if (state === 'queued' || state === 'running') return false;
      }
      return true;
    };
    const ocrWaitStart = performance.now();
    await waitFor("the server's text check of the uploads", ocrSettled);
    console.log(`waited ${((performance.now() - ocrWaitStart) / 1000).toFixed(1)} s for the server's text check of the uploads`);
    await openAll(); // warm-up (JIT, SQLite page cache)
    // Idle rounds before and after the indexing, half each. On this VM, for a while after the
    // setup (hundreds of MB of PDFs made and uploaded) the same rounds took 2-5 times as long, in
    // kernel and user time alike (BENCH_ROUNDS_LOG): a baseline taken only then carried that into
    // the ratio (0.44-0.48× in such runs), one taken only after the indexing would hide the same
    // effect of the packet's download in the rounds measured while indexing.
    const idleRounds = (n: number) => measure(async () => --n > 0);
    const idleBefore = await idleRounds(ROUNDS / 2);

    // The packet reaches the member's cache; measured once it is downloaded, while it is indexed.
    await publish(packetMeetingId);
    await call('sync.now');
    await waitFor('the packet to be downloaded', () => allCached(packetMeetingId, PACKET_DOCS));
    const pendingAtStart = await pending();
    if (!pendingAtStart) throw new Error('the packet was indexed before the measurement could start: make it larger');
    const indexStart = performance.now();
    const recorder = stallRecorder();
    const busy = await measure(async () => (await pending()) > 0);
    recorder.stop();
    const pendingAtEnd = await pending();
    const indexing = performance.now() - indexStart;
    const idleAfter = await idleRounds(ROUNDS / 2);
    const idle = { rounds: [...idleBefore.rounds, ...idleAfter.rounds], maxDelayMs: Math.max(idleBefore.maxDelayMs, idleAfter.maxDelayMs) };

    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const roundTotals = (m: { rounds: number[][] }) => summarize(m.rounds.map(sum));
    const row = (label: string, m: { rounds: number[][]; maxDelayMs: number }) => {
      const each = summarize(m.rounds.flat());
      const rounds = roundTotals(m);
      return [label, String(m.rounds.length), ms(rounds.p50), ms(rounds.p95), ms(rounds.max), ms(each.p50), ms(each.p95), ms(m.maxDelayMs)];
    };
    console.log(`packet: ${PACKET_DOCS} PDFs, ${mb(packetBytes)}, ${PACKET_DOCS * PACKET_TEXT_PAGES} text pages; opened: ${OPENS} documents of ${mb(sum(openFiles.map((f) => f.size)) / OPENS)} each`);
    console.log(`the packet was indexed in ${(indexing / 1000).toFixed(1)} s (${pendingAtStart} documents to index when the opens began, ${pendingAtEnd} when they ended)`);
    table([
      ['', 'rounds', '20 opens: median round', 'p95 round', 'worst round', 'one open p50', 'one open p95', 'longest event-loop stall'],
      row('indexer idle (baseline)', idle),
      row('  idle, before the packet', idleBefore),
      row('  idle, after it is indexed', idleAfter),
      row('while indexing the packet', busy),
    ]);
    console.log(`stalls of the services' thread over 50 ms while indexing: ${recorder.stalls.duringWrites} during index writes, ${recorder.stalls.otherwise} otherwise`);
    const [busyRound, idleRound] = [roundTotals(busy), roundTotals(idle)];
    console.log(`ratio while indexing / idle, 20 opens: ${ratio(busyRound.p50, idleRound.p50)} median round, ${ratio(busyRound.p95, idleRound.p95)} p95 round (target ≤ 1.50×)`);
    // The same figures as rows of `npm run bench`'s one table.
    const spread = `${busy.rounds.length} rounds while indexing, ${idle.rounds.length} idle`;
    for (const [what, key] of [['median', 'p50'], ['p95', 'p95']] as const) {
      console.log(formatRow({ bench: 'open-while-indexing', measure: `${OPENS} documents opened while the packet is indexed, ${what} round | same, indexer idle`, unit: 'ms', ours: busyRound[key], baseline: idleRound[key], spread, target: '≤ 1.5×' }));
    }
  } finally {
    await client?.close().catch(() => undefined);
    await server.close().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The client services run in this process: it runs again with the services process's V8 options
 * and environment (electron/services-process/malloc-env.ts), as the app starts them.
 */
function runsAsServicesProcess(): boolean {
  if (servicesProcessExecArgv().every((a) => process.execArgv.includes(a))) return true;
  const r = spawnSync(process.execPath, [...servicesProcessExecArgv(), ...process.execArgv, process.argv[1], ...process.argv.slice(2)], { stdio: 'inherit', env: servicesProcessEnv() });
  process.exit(r.status ?? 1);
}

if (runsAsServicesProcess()) {
  releaseYoungGenerationOption();
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
