/**
 * Meeting archive download of a large meeting (ARCHIVE_BENCH_MB of papers, default 300 MB in
 * 50 MB files): the server's peak memory above its idle level while the zip streams over HTTP
 * to a reader, against the baseline measured in the same run: the same files read from disk
 * and discarded (what any download of these bytes costs at least). A flat figure, independent
 * of the meeting's size, means the archive is never held in memory.
 *
 * Measured (2 busy cores, ARCHIVE_BENCH_MB=200): baseline 26.1 MB peak, archive over HTTP
 * 32.8 MB peak for a 200 MB zip (8.9 s, server and reader in one process); the former
 * in-memory zip needed more than the archive's size.
 */
import { getRandomValues, randomUUID, createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pushOk, seedCommittee, startTestServer, uploadPdf } from '../tests/server/helpers';
import { mb, ms, table } from './lib/stats';
import { formatRow } from './lib/report';

const TOTAL_MB = Number(process.env.ARCHIVE_BENCH_MB ?? 300);
const FILE_MB = Math.min(50, TOTAL_MB);

/** Samples RSS while `work` runs; returns the peak above the level before it started. */
async function peakRss<T>(work: () => Promise<T>): Promise<{ value: T; peak: number; ms: number }> {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const t0 = performance.now();
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, peak: peak - base, ms: performance.now() - t0 };
  } finally {
    clearInterval(timer);
  }
}

const s = await startTestServer({ loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
try {
  const c = await seedCommittee(s);
  const shas: string[] = [];
  for (let i = 0; i < Math.ceil(TOTAL_MB / FILE_MB); i++) {
    const bytes = new Uint8Array(FILE_MB * 1024 * 1024);
    for (let o = 0; o < bytes.length; o += 65536) getRandomValues(bytes.subarray(o, Math.min(bytes.length, o + 65536)));
    bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await uploadPdf(s.url, c.users.thuky.token, bytes);
    await pushOk(s.url, c.users.thuky.token, {
      id: randomUUID(),
      kind: 'document.upsert',
      args: { id: randomUUID(), meetingId: c.meetingA, agendaItemId: null, title: `Phụ lục ${i + 1}`, fileName: `phu-luc-${i + 1}.pdf`, sha256, classification: 'internal' },
    });
    shas.push(sha256);
  }

  const baseline = await peakRss(async () => {
    let n = 0;
    for (const sha of shas) for await (const chunk of createReadStream(join(s.dataDir, 'blobs', sha.slice(0, 2), sha))) n += (chunk as Buffer).byteLength;
    return n;
  });
  const archive = await peakRss(async () => {
    const res = await fetch(`${s.url}/api/meetings/${c.meetingA}/archive.zip`, { headers: { authorization: `Bearer ${c.users.thuky.token}` } });
    let n = 0;
    for await (const chunk of res.body!) n += (chunk as Uint8Array).byteLength;
    return n;
  });
  table([
    ['', 'bytes', 'peak RSS above idle', 'time'],
    ['read the papers from disk (baseline)', mb(baseline.value), mb(baseline.peak), ms(baseline.ms)],
    ['archive zip over HTTP (server + reader in one process)', mb(archive.value), mb(archive.peak), ms(archive.ms)],
  ]);
  // The same figures as rows of `npm run bench`'s one table.
  const MiB = 1024 * 1024;
  console.log(formatRow({ bench: 'archive-stream', measure: `peak RSS above idle, ${mb(archive.value)} archive over HTTP | the papers read from disk`, unit: 'MB', ours: archive.peak / MiB, baseline: baseline.peak / MiB, spread: 'one run each' }));
  console.log(formatRow({ bench: 'archive-stream', measure: `time, ${mb(archive.value)} archive over HTTP | the papers read from disk`, unit: 'ms', ours: archive.ms, baseline: baseline.ms, spread: 'one run each' }));
} finally {
  await s.stop();
}
