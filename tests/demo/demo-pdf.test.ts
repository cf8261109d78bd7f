import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { check, tool } from '../helpers/tool';
import { PDFDocument, PDFHexString, PDFName, PDFString } from '@cantoo/pdf-lib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../shared/errors';
import { demoContent } from '../../server/demo/content';
import type { DemoDocument } from '../../server/demo/content-types';
import { fontPath } from '../../server/pdf/fonts';
import { renderOfficialPdf, vietnameseDate } from '../../server/pdf/official-document';

const REPO = path.resolve(__dirname, '..', '..');
const documents = demoContent.meetings.flatMap((m) => m.agenda.flatMap((a) => a.documents));
const ISSUED = new Date('2026-02-05T03:00:00Z'); // 10:00 in Hà Nội
const hasQpdf = spawnSync('which', ['qpdf']).status === 0;

let dir: string;
const files = new Map<DemoDocument, string>();

/** Collapse whitespace so wrapped lines and justified gaps compare like running text. */
const flat = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();
/** Runs a poppler tool once per file and arguments (the assertions read the same output often). */
const memo = new Map<string, Promise<string>>();
/** A checker's output, once per file (the tool runner starts it: see tests/helpers/tool.ts). */
const run = (program: string, args: string[]) => {
  const key = [program, ...args].join('\0');
  if (!memo.has(key)) memo.set(key, tool(program, args).then((out) => out.toString('utf8')));
  return memo.get(key)!;
};
const text = async (file: string) => flat(await run('pdftotext', ['-enc', 'UTF-8', file, '-']));
/** The running text without page footers, so paragraphs that cross a page break read whole. */
const FOOTERS = /\s*(Trang \d+\/\d+|Tài liệu lưu hành nội bộ|Tài liệu MẬT - không sao chụp, không cung cấp ra ngoài|MẬT)\s*/gu;
const bodyText = async (file: string) => (await text(file)).replace(FOOTERS, ' ').replace(/\s+/g, ' ');
const info = (file: string) => run('pdfinfo', ['-enc', 'UTF-8', file]);
const infoField = async (file: string, field: string) => new RegExp(`^${field}:\\s*(.*)$`, 'm').exec(await info(file))?.[1].trim();
const bodyLength = (d: DemoDocument) => d.paragraphs.join(' ').length;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ecabinet-demo-pdf-'));
  for (const [i, doc] of documents.entries()) {
    const bytes = await renderOfficialPdf(doc, demoContent.organization, { issuedAt: ISSUED });
    const file = path.join(dir, `${i}-${doc.fileName}`);
    writeFileSync(file, bytes);
    files.set(doc, file);
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(documents.map((d) => [d.title, d] as const))('%s', (_title, doc) => {
  const file = () => files.get(doc)!;

  it('reads back as the exact Vietnamese heading, title and every paragraph', async () => {
    const t = await text(file());
    expect(t).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(t).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(t).toContain('Hà Nội, ngày 05 tháng 02 năm 2026');
    expect(t).toContain(flat(doc.title));
    expect(t).toContain(flat(doc.issuer.toLocaleUpperCase('vi')));
    for (const token of doc.number.split(/\s+/)) expect(t).toContain(token);
    const body = await bodyText(file());
    for (const p of doc.paragraphs) expect(body).toContain(flat(p));
    if (doc.signer?.name) expect(t).toContain(doc.signer.name);
    expect(t).toMatch(/Trang 1\/\d/);
  });

  it('marks confidential papers "MẬT" and only those', async () => {
    const marked = /(^|\s)MẬT(\s|$)/u.test((await text(file())));
    expect(marked).toBe(doc.classification === 'confidential');
  });

  it('embeds its fonts with a Unicode map', async () => {
    const rows = (await run('pdffonts', [file()])).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) {
      const cols = row.trim().split(/\s+/);
      expect(row).toMatch(/LiberationSerif/);
      expect(cols.at(-5), `embedded: ${row}`).toBe('yes');
      expect(cols.at(-3), `ToUnicode: ${row}`).toBe('yes');
    }
  });

  it.skipIf(!hasQpdf)('passes qpdf --check', async () => {
    const r = await check('qpdf', ['--check', file()]);
    expect(r.status, r.output).toBe(0);
  });

  it('is A4 with 1–4 pages, 2+ when the body is long, and carries its metadata', async () => {
    const pages = Number((await infoField(file(), 'Pages')));
    expect(pages).toBeGreaterThanOrEqual(bodyLength(doc) >= 2000 ? 2 : 1);
    expect(pages).toBeLessThanOrEqual(4);
    expect((await infoField(file(), 'Page size'))).toMatch(/^595\.2\d x 841\.8\d pts \(A4\)/);
    expect((await infoField(file(), 'Title'))).toBe(doc.title);
    expect((await infoField(file(), 'Author'))).toBe(doc.issuer.toLocaleUpperCase('vi'));
    expect((await infoField(file(), 'Producer'))).toBe('eCabinet');
    const pdf = await PDFDocument.load(readFileSync(file()));
    const lang = pdf.catalog.lookup(PDFName.of('Lang'));
    expect(lang instanceof PDFString || lang instanceof PDFHexString ? lang.decodeText() : lang).toBe('vi');
  });

  it('keeps every word on the paper (inside the page edges and footer)', async () => {
    const xml = await run('pdftotext', ['-bbox', file(), '-']);
    const words = [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g)];
    expect(words.length).toBeGreaterThan(100);
    for (const [, x0, y0, x1, y1, w] of words) {
      expect(Number(x0), w).toBeGreaterThanOrEqual(25);
      expect(Number(x1), w).toBeLessThanOrEqual(595.28 - 25);
      expect(Number(y0), w).toBeGreaterThanOrEqual(20);
      expect(Number(y1), w).toBeLessThanOrEqual(841.89 - 20);
    }
  });
});

describe('the demo set as a whole', () => {
  // How fast it renders is a bench's business (speed is never asserted in tests).
  it('has a dozen papers or more', () => {
    expect(documents.length).toBeGreaterThanOrEqual(12);
  });

  it('has mostly multi-page papers', async () => {
    const pages = await Promise.all(documents.map((d) => infoField(files.get(d)!, 'Pages')));
    const multi = pages.filter((n) => Number(n) >= 2).length;
    expect(multi).toBeGreaterThanOrEqual(Math.ceil(documents.length * 0.7));
  });

  it('normalizes decomposed input to NFC before drawing', async () => {
    const nfd = (s: string) => s.normalize('NFD');
    const doc: DemoDocument = {
      title: nfd('Tờ trình về việc thử nghiệm chuẩn hóa Unicode'),
      fileName: 'nfd.pdf',
      classification: 'public',
      number: 'Số: 1/TTr-VP',
      issuer: nfd('Văn phòng UBND thành phố'),
      paragraphs: [nfd('Đề nghị Ủy ban nhân dân thành phố đồng ý với dự thảo Nghị quyết về đầu tư công.')],
    };
    const file = path.join(dir, 'nfd.pdf');
    writeFileSync(file, await renderOfficialPdf(doc, demoContent.organization, { issuedAt: ISSUED }));
    const t = await text(file);
    expect(t).toContain('Tờ trình về việc thử nghiệm chuẩn hóa Unicode');
    expect(t).toContain('Đề nghị Ủy ban nhân dân thành phố đồng ý với dự thảo Nghị quyết về đầu tư công.');
    expect(t).toContain('VĂN PHÒNG UBND THÀNH PHỐ');
  });

  it('writes dates the Decree 30 way, in Vietnam time', () => {
    expect(vietnameseDate(new Date('2026-02-05T03:00:00Z'))).toBe('ngày 05 tháng 02 năm 2026');
    expect(vietnameseDate(new Date('2026-11-20T18:30:00Z'))).toBe('ngày 21 tháng 11 năm 2026'); // 01:30 next day in Hà Nội
  });
});

describe('fontPath', () => {
  const saved = { cwd: process.cwd(), env: process.env.ECABINET_RESOURCES };
  afterAll(() => {
    process.chdir(saved.cwd);
    if (saved.env === undefined) delete process.env.ECABINET_RESOURCES;
    else process.env.ECABINET_RESOURCES = saved.env;
  });

  it('finds the bundled fonts from the working directory', () => {
    delete process.env.ECABINET_RESOURCES;
    expect(fontPath('LiberationSerif-Regular.ttf')).toBe(path.join(REPO, 'resources', 'fonts', 'LiberationSerif-Regular.ttf'));
  });

  it('prefers $ECABINET_RESOURCES', () => {
    const res = mkdtempSync(path.join(os.tmpdir(), 'ecabinet-res-'));
    mkdirSync(path.join(res, 'fonts'));
    copyFileSync(path.join(REPO, 'resources/fonts/LiberationSerif-Bold.ttf'), path.join(res, 'fonts', 'LiberationSerif-Bold.ttf'));
    process.env.ECABINET_RESOURCES = res;
    try {
      expect(fontPath('LiberationSerif-Bold.ttf')).toBe(path.join(res, 'fonts', 'LiberationSerif-Bold.ttf'));
    } finally {
      delete process.env.ECABINET_RESOURCES;
      rmSync(res, { recursive: true, force: true });
    }
  });

  it('finds the fonts relative to the module when started elsewhere', () => {
    process.chdir(os.tmpdir());
    try {
      expect(existsSync(fontPath('LiberationSerif-Italic.ttf'))).toBe(true);
    } finally {
      process.chdir(saved.cwd);
    }
  });

  it('rejects path tricks and reports a missing font with a code', () => {
    for (const bad of ['../etc/passwd', 'fonts/x.ttf', '', '..']) {
      try {
        fontPath(bad);
        expect.unreachable(`accepted ${bad}`);
      } catch (e) {
        expect(isAppError(e) && e.code).toBe('bad_request');
      }
    }
    try {
      fontPath('NoSuchFont.ttf');
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.code).toBe('internal');
      expect(isAppError(e) && e.message).toMatch(/ECABINET_RESOURCES/);
    }
  });

  it('works bundled to CommonJS (like dist/cli.cjs) and run from another directory', async () => {
    const app = mkdtempSync(path.join(os.tmpdir(), 'ecabinet-bundle-'));
    try {
      symlinkSync(path.join(REPO, 'resources'), path.join(app, 'resources'));
      writeFileSync(
        path.join(app, 'entry.ts'),
        `import { writeFileSync } from 'node:fs';
         import { renderOfficialPdf } from ${JSON.stringify(path.join(REPO, 'server/pdf/official-document'))};
         import { demoContent } from ${JSON.stringify(path.join(REPO, 'server/demo/content'))};
         const doc = demoContent.meetings[1].agenda[0].documents[0];
         renderOfficialPdf(doc, demoContent.organization).then((b) => writeFileSync(process.argv[2], b));`,
      );
      const outfile = path.join(app, 'dist', 'cli.cjs');
      await build({ entryPoints: [path.join(app, 'entry.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', outfile, logLevel: 'silent', nodePaths: [path.join(REPO, 'node_modules')] });
      const out = path.join(app, 'out.pdf');
      // The runner's `env` can only add variables: env(1) takes ECABINET_RESOURCES away.
      const r = await check('env', ['-u', 'ECABINET_RESOURCES', process.execPath, outfile, out], { cwd: os.tmpdir(), env: { NODE_PATH: path.join(REPO, 'node_modules') } });
      expect(r.status, r.stderr).toBe(0);
      expect((await text(out))).toContain('Độc lập - Tự do - Hạnh phúc');
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });
});
