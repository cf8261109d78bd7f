/**
 * A highlight lands on the occurrence the member chose, in every later version: real sync
 * server (demo committee), real client services of the member (the secretary puts each version
 * over HTTP, as her client sends it: her own client would only cache and index it too), the real
 * TraceMonkey paper and versions made from it with qpdf (a page put in front, pages reordered, a
 * page removed), pdf.js text and positions. What the reader sends with a highlight is computed
 * here as the reader computes it from a selection: pdf.js text items joined by the one page
 * joiner (shared/text/page-text.ts), then `quoteAt` (shared/annotations-anchoring.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geometryOf, pageOf, positionOf, quoteOf, type Quad } from '../../shared/annotations';
import { nthQuote, type QuotePosition } from '../../shared/annotations-anchoring';
import type { AnnotationView } from '../../shared/annotations-bridge';
import { TEXT_CONTENT_OPTIONS } from '../../shared/text/page-text';
import { startServer } from '../../server/index';
import type { ClientServices } from '../../electron/services/index';
import { pageLayoutOf, quadsFor, type PageLayout } from '../../electron/services/annotations/anchoring';
import type { PositionedTextItem } from '../../electron/services/search/pdf-text';
import { demoContent } from '../../server/demo/content';
import { login, pushOk, sha256Hex, uploadPdf } from '../server/helpers';
import { callBridge as call, pdfWithLines, signedInClient } from './helpers/bridge';
import { samplePdf, vietnamesePdf } from './helpers/local-library';
import { removeTempDirs, tempDir, waitFor } from './helpers/temp';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';
import { tool } from '../helpers/tool';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server;
let secretaryToken = '';
let member: ClientServices;
let meetingId = '';
const clients: ClientServices[] = [];
const work = () => tempDir('ecab-anchor-pdf-');

async function signedIn(username: string): Promise<ClientServices> {
  const c = await signedInClient({ serverUrl: server.url, dataDir: tempDir(), username });
  clients.push(c);
  return c;
}

/** Puts `file` as the (next) version of document `id`, as the secretariat's client sends it: the file, then the mutation. */
async function putVersion(id: string, file: string, fileName: string): Promise<void> {
  const bytes = fs.readFileSync(file);
  const up = await uploadPdf(server.url, secretaryToken, bytes);
  expect(up.status, JSON.stringify(up.body)).toBeLessThan(300);
  await pushOk(server.url, secretaryToken, {
    id: crypto.randomUUID(),
    kind: 'document.upsert',
    args: { id, meetingId, agendaItemId: null, title: `Tài liệu ${fileName}`, fileName, sha256: sha256Hex(bytes), classification: 'internal' },
  });
}

/** The member's client has version `version` of the document, cached and indexed. */
async function memberHasVersion(id: string, version: number): Promise<void> {
  await waitFor(async () => {
    await call(member, 'sync.now');
    const opened = await call(member, 'documents.open', { id });
    return opened.document.version === version ? true : null;
  }, 60_000, `version ${version} on the member's client`);
}

const list = (id: string) => call(member, 'annotations.list', { documentId: id });

/** Text items of every page, as pdf.js gives them to the reader. */
async function layoutsOf(file: string): Promise<PageLayout[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(fs.readFileSync(file)), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  try {
    const out: PageLayout[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const items = (await (await doc.getPage(n)).getTextContent(TEXT_CONTENT_OPTIONS)).items as Partial<PositionedTextItem>[];
      out.push(
        pageLayoutOf(
          items.filter((it) => typeof it.str === 'string').map((it) => ({ str: it.str!, hasEOL: !!it.hasEOL, transform: it.transform ?? [1, 0, 0, 1, 0, 0], width: it.width ?? 0, height: it.height ?? 0 })),
        ),
      );
    }
    return out;
  } finally {
    await doc.destroy();
  }
}

/** What the reader sends for a selection of the `occurrence`-th `phrase` of a page: quote, anchor and quads. */
function selection(layout: PageLayout, phrase: string, occurrence: number): { q: QuotePosition; quads: Quad[] } {
  const q = nthQuote(layout.text, phrase, occurrence);
  if (!q) throw new Error(`"${phrase}" #${occurrence} is not on the page`);
  return { q, quads: quadsFor(layout, q.start, q.end) };
}

async function highlight(documentId: string, page: number, layout: PageLayout, phrase: string, occurrence: number) {
  const { q, quads } = selection(layout, phrase, occurrence);
  const a = await call(member, 'annotations.create', {
    documentId,
    kind: 'highlight',
    color: 'yellow',
    page,
    exact: q.exact,
    anchor: { prefix: q.prefix, suffix: q.suffix, start: q.start, end: q.end, occurrence: q.occurrence },
    geometry: { quads },
  });
  return { id: a.id, q, quads };
}

/** qpdf: a new file from pages of others (`--pages` arguments as given). */
async function qpdfPages(out: string, ...pages: string[]): Promise<string> {
  await tool('qpdf', ['--empty', '--pages', ...pages, '--', out]);
  return out;
}

const near = (a: number[][], b: number[][]) => {
  expect(a.length).toBe(b.length);
  a.forEach((q, i) => q.forEach((v, k) => expect(v).toBeCloseTo(b[i][k], 1)));
};

const sample = samplePdf('tracemonkey.pdf');

beforeAll(async () => {
  server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: tempDir('ecab-server-'), port: 0, seed: 'demo', logger: false });
  secretaryToken = (await login(server.url, 'thuky', demoContent.password)).accessToken;
  member = await signedIn('pct.nguyen');
  meetingId = (await call(member, 'meetings.list')).find((m) => m.status === 'in_progress')!.id;
}, 60_000);

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  await server?.close().catch(() => undefined);
  removeTempDirs();
});

describe.skipIf(!sample)('highlights keep the occurrence the member chose (TraceMonkey, versions made with qpdf)', () => {
  const docId = crypto.randomUUID();
  const dir = work();
  const v1 = sample!;
  let v1Layouts: PageLayout[];
  let fourth: Awaited<ReturnType<typeof highlight>>;
  let splitLines: Awaited<ReturnType<typeof highlight>>;
  let splitColumns: Awaited<ReturnType<typeof highlight>>;
  let hyphenated: Awaited<ReturnType<typeof highlight>>;
  let onPage1: Awaited<ReturnType<typeof highlight>>;

  beforeAll(async () => {
    v1Layouts = await layoutsOf(v1);
    await putVersion(docId, v1, 'tracemonkey.pdf');
    await memberHasVersion(docId, 1);
  }, 120_000);

  it('a highlight of the 4th "trace tree" of page 2 lands on the 4th occurrence, on page 3, when a page is put in front', async () => {
    const p2 = v1Layouts[1];
    fourth = await highlight(docId, 2, p2, 'trace tree', 3);
    expect(fourth.q.exact).toBe('trace tree');
    expect(p2.text.slice(fourth.q.start - 20, fourth.q.end + 20)).toContain('tries to call\nthe trace tree for the inner');
    // "the inner loop" split over two lines ("not the / inner loop header"): its 2nd occurrence.
    splitLines = await highlight(docId, 2, p2, 'the inner loop', 1);
    expect(p2.text.slice(splitLines.q.start, splitLines.q.end)).toBe('the\ninner loop');
    expect(splitLines.quads).toHaveLength(2);
    // A word hyphenated over two lines ("pro-" / "gram"): the joiner makes it one word.
    hyphenated = await highlight(docId, 2, p2, 'translate a program to nested', 0);
    expect(hyphenated.quads).toHaveLength(2);
    // From the bottom of the left column to the top of the right one.
    splitColumns = await highlight(docId, 2, p2, 'our dynamic compiler based on 1 for (var i = 2;', 0);
    expect(splitColumns.quads.map((q) => (q[0] < 300 ? 'left' : 'right'))).toEqual(['left', 'right']);
    onPage1 = await highlight(docId, 1, v1Layouts[0], 'trace', 1);

    const cover = path.join(dir, 'cover.pdf');
    fs.writeFileSync(cover, await pdfWithLines([['Trang bia - phien ban 2']]));
    const v2 = await qpdfPages(path.join(dir, 'v2.pdf'), cover, v1);
    await putVersion(docId, v2, 'tracemonkey-v2.pdf');
    await memberHasVersion(docId, 2);

    const l = await waitFor(async () => {
      const x = await list(docId);
      return x.version === 2 && x.mine.length + x.notCarried.length === 5 ? x : null;
    }, 60_000, 'the highlights carried to version 2');
    expect(l.notCarried).toEqual([]);
    const carried = (id: string): AnnotationView => l.mine.find((a) => a.id === id)!;
    const v2Layouts = await layoutsOf(v2);

    const c4 = carried(fourth.id);
    expect(pageOf(c4.annotation)).toBe(3);
    // The same place on the page as the member's selection, not the first "trace tree".
    near(geometryOf(c4.annotation).quads!, fourth.quads);
    const first = selection(v2Layouts[2], 'trace tree', 0).quads;
    expect(Math.abs(geometryOf(c4.annotation).quads![0][1] - first[0][1])).toBeGreaterThan(20);
    // Its selectors now describe the new version: same context, same occurrence.
    expect(positionOf(c4.annotation)).toMatchObject({ start: fourth.q.start, end: fourth.q.end, 'ecabinet:occurrence': 3 });
    expect(quoteOf(c4.annotation)!.prefix).toContain('tries to call');

    const cl = carried(splitLines.id);
    expect(pageOf(cl.annotation)).toBe(3);
    near(geometryOf(cl.annotation).quads!, splitLines.quads);
    expect(positionOf(cl.annotation)!['ecabinet:occurrence']).toBe(1);

    const ch = carried(hyphenated.id);
    expect(pageOf(ch.annotation)).toBe(3);
    near(geometryOf(ch.annotation).quads!, hyphenated.quads);

    const cc = carried(splitColumns.id);
    expect(pageOf(cc.annotation)).toBe(3);
    near(geometryOf(cc.annotation).quads!, splitColumns.quads);

    expect(pageOf(carried(onPage1.id).annotation)).toBe(2);
  }, 180_000);

  it('pages reordered: the highlights follow their page (page 3 of version 2 becomes page 5)', async () => {
    const v2 = path.join(dir, 'v2.pdf');
    // Cover, TraceMonkey p1, its p3 and p4 (both full of "trace tree"), then its p2, then the rest.
    const v3 = await qpdfPages(path.join(dir, 'v3.pdf'), v2, '1,2,4,5,3,6-z');
    await putVersion(docId, v3, 'tracemonkey-v3.pdf');
    await memberHasVersion(docId, 3);
    const l = await waitFor(async () => {
      const x = await list(docId);
      return x.version === 3 && x.mine.length + x.notCarried.length === 5 ? x : null;
    }, 60_000, 'the highlights carried to version 3');
    expect(l.notCarried).toEqual([]);
    for (const h of [fourth, splitLines, hyphenated, splitColumns]) {
      const a = l.mine.find((x) => x.id === h.id)!;
      expect(pageOf(a.annotation)).toBe(5);
      near(geometryOf(a.annotation).quads!, h.quads);
    }
    expect(positionOf(l.mine.find((x) => x.id === fourth.id)!.annotation)?.['ecabinet:occurrence']).toBe(3);
    expect(pageOf(l.mine.find((x) => x.id === onPage1.id)!.annotation)).toBe(2);
  }, 180_000);

  it('the page removed: its highlights are reported as not in the new version, never put on another "trace tree"', async () => {
    const v3 = path.join(dir, 'v3.pdf');
    const v4 = await qpdfPages(path.join(dir, 'v4.pdf'), v3, '1-4,6-z');
    await putVersion(docId, v4, 'tracemonkey-v4.pdf');
    await memberHasVersion(docId, 4);
    const l = await waitFor(async () => {
      const x = await list(docId);
      return x.version === 4 && x.mine.length + x.notCarried.length === 5 ? x : null;
    }, 60_000, 'the carry to version 4');
    expect(l.mine.map((a) => a.id)).toEqual([onPage1.id]);
    expect(l.notCarried.map((a) => a.id).sort()).toEqual([fourth.id, splitLines.id, hyphenated.id, splitColumns.id].sort());
    // They stay on version 3, where the member made them visible last.
    for (const a of l.notCarried) expect(a.annotation.target['ecabinet:version']).toBe(3);
  }, 180_000);
});

describe('a repeated phrase whose surroundings were edited (fuzzy context)', () => {
  const docId = crypto.randomUUID();
  const dir = work();
  const PHRASE = 'đồng ý với phương án của Sở';
  const V1 = [
    [
      'Mục 1. Giao thông: đồng ý với phương án của Sở.',
      'Mục 2. Y tế: đồng ý với phương án của Sở.',
      'Mục 3. Giáo dục: đồng ý với phương án của Sở.',
    ],
  ];
  // A new item before the chosen one (so it is now the 3rd occurrence) and its own words edited.
  const V2 = [
    ['Ý kiến của Ủy ban về các mục sau.'],
    [
      'Mục 1. Giao thông: đồng ý với phương án của Sở.',
      'Mục 1a. Môi trường: đồng ý với phương án của Sở.',
      'Mục 2. Y tế công cộng: đồng ý với phương án của Sở.',
      'Mục 3. Giáo dục: đồng ý với phương án của Sở.',
    ],
  ];

  it('lands on the passage the member chose (now the 3rd occurrence, on page 2), not on the 2nd', async () => {
    const f1 = path.join(dir, 'v1.pdf');
    fs.writeFileSync(f1, await vietnamesePdf(V1));
    await putVersion(docId, f1, 'y-kien-v1.pdf');
    await memberHasVersion(docId, 1);
    const h = await highlight(docId, 1, (await layoutsOf(f1))[0], PHRASE, 1);
    expect(h.q.prefix).toContain('Mục 2. Y tế:');

    const f2 = path.join(dir, 'v2.pdf');
    fs.writeFileSync(f2, await vietnamesePdf(V2));
    await putVersion(docId, f2, 'y-kien-v2.pdf');
    await memberHasVersion(docId, 2);
    const l = await waitFor(async () => {
      const x = await list(docId);
      return x.version === 2 && x.mine.length === 1 ? x : null;
    }, 60_000, 'the highlight carried to version 2');
    const a = l.mine[0];
    expect(pageOf(a.annotation)).toBe(2);
    const expected = selection((await layoutsOf(f2))[1], PHRASE, 2);
    near(geometryOf(a.annotation).quads!, expected.quads);
    expect(positionOf(a.annotation)!['ecabinet:occurrence']).toBe(2);
    expect(quoteOf(a.annotation)!.prefix).toContain('Y tế công cộng');
  }, 180_000);
});
