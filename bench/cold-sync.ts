/**
 * Cold sync of a meeting packet: a member signs in on an empty machine; how long until every
 * document of tomorrow's meeting is on disk, verified and readable offline (`sync.status`
 * offlineReady = 20/20), against curl downloading the same files to disk followed by
 * sha256sum, in the same run (alternating rounds). Also prints the client's peak memory (its own
 * process, worker threads included) while downloading and while indexing, how long the search
 * index takes to follow (against pdftotext on the same files), and how long opening a
 * document takes while the indexer is busy. The PDFs are generated here (nothing big is
 * committed). COLD_SYNC_MB (200), COLD_SYNC_PAGES (text pages per document, 100),
 * COLD_SYNC_ROUNDS (3) change the run; COLD_SYNC_MEMLOG=1 prints the client's memory each second
 * (its main thread's heap by space); COLD_SYNC_EXEC_ARGV adds Node/V8 options to the client's.
 */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { PDFDocument } from '@cantoo/pdf-lib';
import { API_PATHS, type Mutation } from '../shared/api';
import { build } from 'esbuild';
import type { ClientReport } from './lib/cold-sync-client';
import { servicesProcessEnv, servicesProcessExecArgv } from '../electron/services-process/malloc-env';
import { FONT_FILES, fontBytes, subsettingFontkit } from '../signing/pdf/fonts';
import { login, PASSWORD, pushOk, seedCommittee, startTestServer } from '../tests/server/helpers';
import { mb, ms, ratio, table } from './lib/stats';
import { medianRow, report } from './lib/report';

const DOCS = 20;
const PACKET_BYTES = Number(process.env.COLD_SYNC_MB ?? 200) * 1024 * 1024;
const TEXT_PAGES = Number(process.env.COLD_SYNC_PAGES ?? 100);
const ROUNDS = Number(process.env.COLD_SYNC_ROUNDS ?? 3);
const TIME_LIMIT_MS = 20 * 60_000;

const LINES = [
  'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;',
  'Xét đề nghị của Sở Giao thông vận tải tại Tờ trình số 1234/TTr-SGTVT,',
  'Ủy ban nhân dân thành phố thống nhất thông qua Đề án phát triển mạng lưới',
  'giao thông công cộng đô thị giai đoạn 2026 - 2035, tầm nhìn đến năm 2045.',
  'Tổng kinh phí dự kiến: 12.500 tỷ đồng từ ngân sách nhà nước và xã hội hóa.',
  'Các sở, ban, ngành đồng ý phối hợp tổ chức thực hiện, báo cáo định kỳ.',
];

async function textPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(subsettingFontkit);
  const font = await doc.embedFont(fontBytes(FONT_FILES.regular), { subset: true });
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([595, 842]);
    page.drawText(`Hồ sơ - trang ${p + 1}`, { x: 60, y: 790, size: 12, font });
    for (let l = 0; l < 36; l++) page.drawText(LINES[(p + l) % LINES.length], { x: 60, y: 760 - l * 20, size: 11, font });
  }
  return doc.save();
}

/** The shared text pages plus an annex of its own (scans: incompressible bytes) up to `bytes`. */
async function packetPdf(text: Uint8Array, bytes: number, n: number): Promise<Uint8Array> {
  const doc = await PDFDocument.load(text);
  doc.setTitle(`Hồ sơ ${n}`);
  await doc.attach(crypto.randomBytes(Math.max(0, bytes - text.length)), `phu-luc-${n}.bin`, { mimeType: 'application/octet-stream' });
  return doc.save({ useObjectStreams: false });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecab-bench-cold-'));
  const s = await startTestServer({ dataDir: path.join(tmp, 'server'), maxUploadBytes: 64 * 1024 * 1024, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
  const children = new Set<ChildProcess>();
  try {
    const c = await seedCommittee(s);
    const sec = c.users.thuky.token;
    console.log(`generating and uploading ${DOCS} documents (${mb(PACKET_BYTES)}, ${TEXT_PAGES} text pages each)…`);
    const text = await textPdf(TEXT_PAGES);
    const files: { sha256: string; size: number }[] = [];
    for (let i = 0; i < DOCS; i++) {
      const bytes = await packetPdf(text, PACKET_BYTES / DOCS, i + 1);
      const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
      const res = await fetch(s.url + API_PATHS.blob(sha256), { method: 'PUT', headers: { authorization: `Bearer ${sec}`, 'content-type': 'application/pdf' }, body: bytes });
      if (!res.ok) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
      files.push({ sha256, size: bytes.length });
    }
    const packetBytes = files.reduce((n, f) => n + f.size, 0);
    console.log('publishing the meeting…');
    const meetingId = crypto.randomUUID();
    const tomorrow = new Date(Date.now() + 86_400_000);
    const meeting = c.meeting(meetingId, 'Phiên họp thường kỳ tháng 12', 'draft');
    Object.assign(meeting.args, { startsAt: tomorrow.toISOString(), endsAt: new Date(tomorrow.getTime() + 3 * 3600_000).toISOString() });
    await pushOk(
      s.url,
      sec,
      meeting,
      c.participant(meetingId, c.users.an.id),
      ...files.map((f, i) => ({ id: crypto.randomUUID(), kind: 'document.upsert', args: { id: crypto.randomUUID(), meetingId, agendaItemId: null, title: `Hồ sơ trình số ${i + 1}`, fileName: `ho-so-${i + 1}.pdf`, sha256: f.sha256, classification: 'internal' } }) as Mutation),
      { id: crypto.randomUUID(), kind: 'meeting.publish', args: { meetingId } },
    );

    // Never a synchronous child process: the server answering it runs on this thread.
    const run = promisify(execFile);
    // The client alone, bundled like the benches (npm packages stay external).
    const clientScript = path.join(process.cwd(), 'dist', 'bench', 'cold-sync-client.mjs');
    await build({
      entryPoints: [path.join(process.cwd(), 'bench', 'lib', 'cold-sync-client.ts')],
      outfile: clientScript,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      packages: 'external',
      sourcemap: true,
      logLevel: 'warning',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    /** curl to disk, then sha256sum, one file after the other (as the client downloads them). */
    const curlDir = path.join(tmp, 'curl');
    async function curlRound(token: string): Promise<number> {
      fs.rmSync(curlDir, { recursive: true, force: true });
      fs.mkdirSync(curlDir);
      const auth = `authorization: Bearer ${token}`;
      const t0 = performance.now();
      for (const f of files) {
        const out = path.join(curlDir, f.sha256);
        await run('curl', ['-sf', '-H', auth, '-o', out, s.url + API_PATHS.blob(f.sha256)]);
        const sum = (await run('sha256sum', [out])).stdout.split(' ')[0];
        if (sum !== f.sha256) throw new Error('curl: wrong bytes');
      }
      return performance.now() - t0;
    }
    async function pdftotextAll(): Promise<number> {
      const t0 = performance.now();
      for (const f of files) await run('pdftotext', [path.join(curlDir, f.sha256), '-'], { maxBuffer: 1 << 30 });
      return performance.now() - t0;
    }

    function clientRound(n: number): Promise<{ ready: ClientReport & { kind: 'ready' }; opened: ClientReport & { kind: 'opened' }; indexed: ClientReport & { kind: 'indexed' } }> {
      const dataDir = path.join(tmp, `client-${n}`);
      // Started as the shells start the services process: its environment (malloc settings), its V8
      // options (a small young generation), and no source maps (with them Node holds pdf.js' maps
      // in the text worker, ~40 MB the app never has); COLD_SYNC_SOURCE_MAPS=1 for readable stack
      // traces. COLD_SYNC_EXEC_ARGV adds options (e.g. to compare V8 settings).
      const execArgv = servicesProcessExecArgv([...(process.env.COLD_SYNC_SOURCE_MAPS ? ['--enable-source-maps'] : []), ...(process.env.COLD_SYNC_EXEC_ARGV?.split(' ').filter(Boolean) ?? [])]);
      const child = fork(clientScript, [s.url, dataDir, String(DOCS), PASSWORD], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: servicesProcessEnv() });
      children.add(child);
      const got: Partial<Record<ClientReport['kind'], ClientReport>> = {};
      return new Promise((resolve, reject) => {
        const limit = setTimeout(() => reject(new Error('client round: time limit')), TIME_LIMIT_MS);
        child.on('message', (r: ClientReport) => {
          got[r.kind] = r;
          if (r.kind === 'failed') reject(new Error(r.message));
          if (r.kind === 'indexed') {
            clearTimeout(limit);
            resolve(got as never);
          }
        });
        child.on('exit', (code) => {
          children.delete(child);
          if (!got.indexed) reject(new Error(`client exited (${code}) before the packet was indexed`));
        });
      });
    }

    const curl: number[] = [];
    const pdftotext: number[] = [];
    const ours: Awaited<ReturnType<typeof clientRound>>[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      console.log(`round ${r + 1}: curl…`);
      curl.push(await curlRound((await login(s.url, 'an')).accessToken));
      pdftotext.push(await pdftotextAll());
      ours.push(await clientRound(r));
      const o = ours.at(-1)!;
      console.log(
        `round ${r + 1}: curl + sha256sum ${ms(curl.at(-1)!)}, ours ${ms(o.ready.ms)} (peak ${mb(o.ready.peakRss)}); indexed after ${ms(o.indexed.ms)} (peak ${mb(o.indexed.peakRss)}), pdftotext ${ms(pdftotext.at(-1)!)}; an open while indexing ${ms(o.opened.ms)} (${o.opened.pendingDocuments} documents waiting)`,
      );
    }
    const readyMs = median(ours.map((o) => o.ready.ms));
    const curlMs = median(curl);
    const indexMs = median(ours.map((o) => o.indexed.ms - o.ready.ms));
    const pdftotextMs = median(pdftotext);
    const peakReady = Math.max(...ours.map((o) => o.ready.peakRss));
    const peakIndexed = Math.max(...ours.map((o) => o.indexed.peakRss));
    console.log(`\ncold sync of ${DOCS} PDFs, ${mb(packetBytes)} (${TEXT_PAGES} text pages each), medians of ${ROUNDS} alternating rounds (${new Date().toISOString()})`);
    table([
      ['measure', 'ours', 'baseline', 'ratio', 'target'],
      ['sign-in → every document verified on disk', ms(readyMs), `curl + sha256sum ${ms(curlMs)}`, ratio(readyMs, curlMs), '≤ 1.3×'],
      ['client peak RSS until ready', mb(peakReady), '', '', '≤ 250 MB'],
      ['ready → every document searchable', ms(indexMs), `pdftotext ${ms(pdftotextMs)}`, ratio(indexMs, pdftotextMs), '≤ 2×'],
      ['client peak RSS until indexed', mb(peakIndexed), '', '', '≤ 250 MB'],
      ['open a document while indexing (median)', ms(median(ours.map((o) => o.opened.ms))), '', '', ''],
      ['documents searchable before the last one', String(Math.min(...ours.map((o) => o.indexed.searchableBeforeEnd))), `of ${DOCS}`, '', 'each as soon as indexed'],
    ]);
    const spread = `${ROUNDS} alternating rounds`;
    const MiB = (b: number) => Math.round((b / (1024 * 1024)) * 10) / 10;
    report([
      medianRow('cold-sync', `sign-in → ${DOCS} documents verified on disk | curl + sha256sum`, 'ms', ours.map((o) => o.ready.ms), curl, '≤ 1.3×'),
      medianRow('cold-sync', 'ready → every document searchable | pdftotext on the same files', 'ms', ours.map((o) => o.indexed.ms - o.ready.ms), pdftotext, '≤ 2×'),
      { bench: 'cold-sync', measure: `client peak RSS until ready (${mb(packetBytes)} packet)`, unit: 'MB', ours: MiB(peakReady), baseline: null, spread: `max of ${spread}`, target: '≤ 250 MB' },
      { bench: 'cold-sync', measure: 'client peak RSS until indexed', unit: 'MB', ours: MiB(peakIndexed), baseline: null, spread: `max of ${spread}`, target: '≤ 250 MB' },
    ]);
  } finally {
    for (const child of children) child.kill();
    await s.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const limit = setTimeout(() => {
  console.error('cold-sync: time limit reached');
  process.exit(1);
}, 30 * 60_000);
limit.unref();
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
