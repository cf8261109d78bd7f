/**
 * Search latency over 1,000 pages of cached text: the local FTS5 index (what the search box
 * runs) against a baseline measured in the same run over the same rows: a naive LIKE scan of
 * the folded page text. Pages come from real PDFs: the Vietnamese demo documents (extracted
 * with the same pdf.js code the client uses), Free Culture and TraceMonkey.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Document, Meeting } from '../shared/entities';
import { foldQuery, foldWithMap } from '../shared/text/fold-map';
import { demoContent } from '../server/demo/content';
import { renderOfficialPdf } from '../server/pdf/official-document';
import { openCache } from '../electron/services/cache/open-cache';
import { extractPageTexts } from '../electron/services/search/pdf-text';
import { TextIndex } from '../electron/services/search/text-index';
import { ms, ratio, summarize, table } from './lib/stats';
import { formatRow } from './lib/report';

const TARGET_PAGES = 1000;
const ROUNDS = 30;
const QUERIES = ['de an', 'dong y', 'ngan sach nha nuoc', 'giao thong cong cong', 'giai phong mat bang', 'copyright', 'free culture', 'trace tree', 'khong co tu nay'];

async function sourcePages(tmp: string): Promise<string[][]> {
  const docs: string[][] = [];
  for (const m of demoContent.meetings)
    for (const a of m.agenda)
      for (const d of a.documents) {
        const file = path.join(tmp, `${crypto.randomUUID()}.pdf`);
        fs.writeFileSync(file, await renderOfficialPdf(d, { name: 'Ủy ban nhân dân thành phố Hà Nội' }));
        docs.push((await extractPageTexts(file))!);
      }
  for (const sample of ['freeculture.pdf', 'tracemonkey.pdf']) {
    const file = path.resolve('..', 'shared', 'samples', sample);
    if (fs.existsSync(file)) docs.push((await extractPageTexts(file))!);
  }
  return docs;
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecab-bench-search-'));
  try {
    const db = openCache(tmp);
    const index = new TextIndex(db);
    const sources = await sourcePages(tmp);
    const meeting = Meeting.parse({
      id: crypto.randomUUID(), orgId: crypto.randomUUID(), title: 'Phiên họp', startsAt: '2026-11-23T01:00:00.000Z',
      endsAt: '2026-11-23T04:30:00.000Z', location: 'Hà Nội', status: 'published', chairId: null, updatedAt: '2026-11-23T01:00:00.000Z',
    });
    db.prepare('INSERT INTO meetings (id, starts_at, status, data) VALUES (?, ?, ?, ?)').run(meeting.id, meeting.startsAt, meeting.status, JSON.stringify(meeting));
    // Cycle through the real documents (each copy its own blob) until 1,000 pages are cached.
    let pages = 0;
    for (let i = 0; pages < TARGET_PAGES; i++) {
      const src = sources[i % sources.length].slice(0, TARGET_PAGES - pages);
      const sha = crypto.createHash('sha256').update(`bench-${i}`).digest('hex');
      const doc = Document.parse({
        id: crypto.randomUUID(), meetingId: meeting.id, agendaItemId: null, title: `Tài liệu ${i + 1}`, fileName: `tl-${i + 1}.pdf`,
        sha256: sha, size: 1, mime: 'application/pdf', version: 1, classification: 'internal', updatedAt: meeting.updatedAt,
      });
      db.prepare('INSERT INTO documents (id, meeting_id, agenda_item_id, sha256, data) VALUES (?, ?, NULL, ?, ?)').run(doc.id, meeting.id, sha, JSON.stringify(doc));
      index.store(sha, src);
      pages += src.length;
    }
    // Baseline table: the same folded page text, no index.
    db.exec('CREATE TEMP TABLE naive_pages (id INTEGER PRIMARY KEY, folded TEXT NOT NULL)');
    const ins = db.prepare('INSERT INTO naive_pages (id, folded) VALUES (?, ?)');
    db.transaction(() => {
      for (const r of db.prepare('SELECT id, original FROM doc_text_pages').all() as { id: number; original: string }[]) ins.run(r.id, foldWithMap(r.original).folded);
    })();
    const chars = (db.prepare('SELECT SUM(LENGTH(original)) AS n FROM doc_text_pages').get() as { n: number }).n;
    console.log(`${index.pageRows()} pages (${(chars / 1e6).toFixed(1)} M characters) from ${sources.length} real PDFs; ${QUERIES.length} queries × ${ROUNDS} rounds`);

    const like = db.prepare("SELECT id FROM naive_pages WHERE folded LIKE ? ESCAPE '\\' LIMIT 201");
    const timings = { ftsMatch: [] as number[], ftsFull: [] as number[], like: [] as number[] };
    const time = (f: () => unknown) => {
      const t0 = process.hrtime.bigint();
      f();
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    for (let round = 0; round < ROUNDS; round++)
      for (const q of QUERIES) {
        const folded = foldQuery(q);
        timings.ftsMatch.push(time(() => index.matchRowIds(folded, 201)));
        timings.ftsFull.push(time(() => index.search(q)));
        timings.like.push(time(() => like.all(`%${folded.replace(/[%_\\]/g, '\\$&')}%`)));
      }
    const fm = summarize(timings.ftsMatch);
    const ff = summarize(timings.ftsFull);
    const lk = summarize(timings.like);
    table([
      ['', 'p50', 'p95', 'max', 'p50 vs baseline'],
      ['FTS5 match (index only)', ms(fm.p50), ms(fm.p95), ms(fm.max), ratio(fm.p50, lk.p50)],
      ['FTS5 search (grouped, snippets)', ms(ff.p50), ms(ff.p95), ms(ff.max), ratio(ff.p50, lk.p50)],
      ['baseline: LIKE scan', ms(lk.p50), ms(lk.p95), ms(lk.max), '1.00×'],
    ]);
    // The same figures as rows of `npm run bench`'s one table.
    const spread = `p50 of ${fm.n} queries`;
    console.log(formatRow({ bench: 'search-latency', measure: `FTS5 match over ${index.pageRows()} pages | LIKE scan of the same text`, unit: 'ms', ours: fm.p50, baseline: lk.p50, spread }));
    console.log(formatRow({ bench: 'search-latency', measure: `search, grouped with snippets | LIKE scan of the same text`, unit: 'ms', ours: ff.p50, baseline: lk.p50, spread }));
    for (const q of QUERIES.slice(0, 3)) {
      const r = index.search(q);
      console.log(`  "${q}": ${r.pageCount} pages in ${r.groups.reduce((n, g) => n + g.documents.length, 0)} documents`);
    }
    db.close();
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
