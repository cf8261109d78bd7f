/**
 * Office files as departments send them, converted by the real LibreOffice (Debian's
 * libreoffice-*-nogui, installed by the README's test command): a Vietnamese .docx with headings,
 * a table and a page break keeps its words in order; a spreadsheet and a presentation convert;
 * a damaged, a password-protected and a too-slow file are refused with the reason, nothing stored.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import officeCrypto from 'officecrypto-tool';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSoffice, OfficeConverter, surelyPasswordProtected } from '../../server/secretariat/office';
import { tool } from '../helpers/tool';
import { addUser, call, login, PASSWORD, startTestServer, type TestServer } from './helpers';
import { makeDocx, makePptx, makeXlsx } from './office-files';

const soffice = findSoffice();
const work = mkdtempSync(path.join(tmpdir(), 'ecab-office-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The text poppler reads from a PDF, whitespace collapsed. */
async function pdfText(pdf: Uint8Array): Promise<string> {
  const file = path.join(work, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return (await tool('pdftotext', ['-enc', 'UTF-8', file, '-'])).toString('utf8').replace(/\s+/g, ' ');
}
const pdfPages = async (pdf: Uint8Array) => {
  const file = path.join(work, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return Number(/Pages:\s+(\d+)/.exec((await tool('pdfinfo', [file])).toString('utf8'))![1]);
};
/** Whether `words` appear in `text` in this order. */
function inOrder(text: string, words: string[]): boolean {
  let at = 0;
  for (const w of words) {
    const i = text.indexOf(w, at);
    if (i < 0) return false;
    at = i + w.length;
  }
  return true;
}

const DOCX = {
  pages: [
    {
      heading: 'Báo cáo tình hình kinh tế – xã hội quý IV',
      paragraphs: ['Ủy ban nhân dân thành phố đánh giá kết quả thực hiện nhiệm vụ.', 'Tổng thu ngân sách đạt 102% dự toán.'],
      table: [
        ['Chỉ tiêu', 'Kế hoạch', 'Thực hiện'],
        ['Thu ngân sách', '350 tỷ đồng', '357 tỷ đồng'],
        ['Đầu tư công', '120 tỷ đồng', '98 tỷ đồng'],
      ],
    },
    { heading: 'Phương hướng nhiệm vụ năm 2027', paragraphs: ['Đẩy mạnh chuyển đổi số trong cơ quan hành chính.'] },
  ],
};

/** A .docx encrypted as Office does (made once: the key derivation costs seconds of CPU). */
let locking: Promise<Buffer> | undefined;
const lockedDocx = () => (locking ??= Promise.resolve(officeCrypto.encrypt(Buffer.from(makeDocx(DOCX)), { password: 'mat-khau-rieng' })));

describe.skipIf(!soffice)('office files become PDF with LibreOffice', () => {
  let s: TestServer;
  let token: string;
  const convert = (fileName: string, bytes: Uint8Array, locale = 'vi') =>
    call(s.url, 'POST', `/api/convert?fileName=${encodeURIComponent(fileName)}`, {
      token,
      body: bytes,
      headers: { 'content-type': 'application/octet-stream', 'accept-language': locale },
    });
  const download = async (sha256: string) => new Uint8Array(await (await fetch(`${s.url}/api/blobs/${sha256}`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer());

  beforeAll(async () => {
    s = await startTestServer();
    await addUser(s.dataDir, { username: 'thuky', fullName: 'Trần Thị Thư Ký', role: 'secretary', password: PASSWORD });
    token = (await login(s.url, 'thuky')).accessToken;
  });
  afterAll(async () => s?.stop());

  it('a Vietnamese .docx with headings, a table and a page break: the PDF has the same words in the same order, on two pages', async () => {
    const r = await convert('bao-cao-quy-4.docx', makeDocx(DOCX));
    expect(r.status).toBe(200);
    expect(r.body.fileName).toBe('bao-cao-quy-4.pdf');
    const pdf = await download(r.body.sha256);
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const words = DOCX.pages.flatMap((p) => [p.heading, ...p.paragraphs, ...(p.table ?? []).flat()]);
    const text = await pdfText(pdf);
    // The table's cells in row order; headings and paragraphs around them.
    expect(inOrder(text, [DOCX.pages[0].heading, ...DOCX.pages[0].paragraphs, 'Chỉ tiêu', 'Kế hoạch', 'Thực hiện', 'Thu ngân sách', '357 tỷ đồng', DOCX.pages[1].heading])).toBe(true);
    for (const w of words) expect(text).toContain(w);
    expect(await pdfPages(pdf)).toBe(2);
  });

  it('a spreadsheet (.xlsx) converts with its text', async () => {
    const xlsx = await convert('ngan-sach.xlsx', await makeXlsx(soffice!, [['Hạng mục', 'Số tiền'], ['Trường học', '45 tỷ']]));
    expect(xlsx.status).toBe(200);
    // Every cell (poppler reads a table column by column, so no order is asserted here).
    const sheet = await pdfText(await download(xlsx.body.sha256));
    for (const w of ['Hạng mục', 'Số tiền', 'Trường học', '45 tỷ']) expect(sheet).toContain(w);
  });

  it('a presentation (.pptx) converts with its text, a page per slide', async () => {
    const pptx = await convert('trinh-chieu.pptx', await makePptx(soffice!, [{ title: 'Đề án giao thông đô thị', line: 'Mở rộng tuyến đường vành đai' }, { title: 'Kinh phí dự kiến', line: 'Nguồn vốn ngân sách thành phố' }]));
    expect(pptx.status).toBe(200);
    const slides = await download(pptx.body.sha256);
    expect(inOrder(await pdfText(slides), ['Đề án giao thông đô thị', 'Mở rộng tuyến đường vành đai', 'Kinh phí dự kiến'])).toBe(true);
    expect(await pdfPages(slides)).toBe(2);
  });

  it('a damaged file and a password-protected one are refused with the reason, in Vietnamese and English', async () => {
    const damaged = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(4000, 0x5a)]);
    const r1 = await convert('hong.docx', damaged);
    expect(r1.status).toBe(422);
    expect(r1.body.error).toMatchObject({ code: 'office_conversion_failed', details: { reason: 'unreadable', fileName: 'hong.docx' } });
    expect(r1.body.error.message).toMatch(/Tệp chưa bị mất/);

    const r2 = await convert('co-mat-khau.docx', await lockedDocx(), 'en');
    expect(r2.status).toBe(422);
    expect(r2.body.error).toMatchObject({ code: 'office_conversion_failed', details: { reason: 'password_protected' } });
    expect(r2.body.error.message).toMatch(/Nothing was lost/);

    const empty = await convert('rong.docx', new Uint8Array(0));
    expect([400, 415, 422]).toContain(empty.status);
  });

  it('a file that needs a password is refused at once, without starting LibreOffice; an old .doc named .docx is still given to it', async () => {
    // A LibreOffice that cannot start: a refusal here was decided from the bytes alone.
    const never = new OfficeConverter({ soffice: path.join(work, 'no-soffice-here'), timeoutMs: 120_000, perAccount: 1, maxWaiting: 1 });
    const locked = path.join(work, 'khoa.docx');
    writeFileSync(locked, await lockedDocx());
    await expect(never.convert('thuky', locked, 'khoa.docx')).rejects.toMatchObject({ code: 'office_conversion_failed', details: { reason: 'password_protected' } });
    expect(surelyPasswordProtected(Buffer.from(makeDocx(DOCX)), '.docx')).toBe(false);
    // An OLE container without an encrypted package (what a Word 97 .doc is): not judged by us.
    const oldDoc = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.from('WordDocument', 'utf16le'), Buffer.alloc(2000)]);
    expect(surelyPasswordProtected(oldDoc, '.docx')).toBe(false);
    const renamed = path.join(work, 'cu.docx');
    writeFileSync(renamed, oldDoc);
    await expect(never.convert('thuky', renamed, 'cu.docx')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a conversion past its time limit is stopped, LibreOffice with it, and refused as "timeout"', async () => {
    // No LibreOffice starts within a millisecond: the limit is always past.
    const quick = new OfficeConverter({ soffice, timeoutMs: 1, perAccount: 1, maxWaiting: 1 });
    const file = path.join(work, 'cham.docx');
    writeFileSync(file, makeDocx(DOCX));
    await expect(quick.convert('thuky', file, 'cham.docx')).rejects.toMatchObject({ code: 'office_conversion_failed', details: { reason: 'timeout' } });
    const left = (await tool('ps', ['-eo', 'args'])).toString('utf8')
      .split('\n')
      .filter((l) => l.includes('soffice') && l.includes('cham.docx'));
    expect(left).toEqual([]);
  });

  it('each conversion starts on a private copy of one profile LibreOffice made from a file of ours: the profile a conversion used never reaches the next', async () => {
    const folder = mkdtempSync(path.join(work, 'rieng-'));
    const converter = new OfficeConverter({ soffice, timeoutMs: 120_000, perAccount: 2, maxWaiting: 2, workDir: folder });
    /** Every file of the folder with its bytes' digest. */
    const tree = (dir: string) =>
      (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
        .filter((e) => e.isFile())
        .map((e) => `${path.relative(dir, path.join(e.parentPath, e.name))} ${createHash('sha256').update(readFileSync(path.join(e.parentPath, e.name))).digest('hex')}`)
        .sort();
    const file = path.join(work, 'ban-sao.docx');
    writeFileSync(file, makeDocx(DOCX));
    expect(await pdfText(await converter.convert('thuky', file, 'ban-sao.docx'))).toContain(DOCX.pages[0].heading);
    const made = readdirSync(folder);
    expect(made).toEqual([expect.stringMatching(/^ecab-office-profile-/)]);
    const template = path.join(folder, made[0], 'profile');
    const before = tree(template);
    expect(before.some((f) => f.startsWith('user/registrymodifications.xcu '))).toBe(true);
    expect(await pdfText(await converter.convert('thuky', file, 'ban-sao.docx'))).toContain(DOCX.pages[1].heading);
    // The same template, unchanged; the conversions' own folders (their copies) are gone.
    expect(readdirSync(folder)).toEqual(made);
    expect(tree(template)).toEqual(before);

    // Removed behind the server's back (a cleaner of temporary folders): the next file still
    // converts, and the one after has a template again.
    rmSync(path.join(folder, made[0]), { recursive: true, force: true });
    expect(await pdfText(await converter.convert('thuky', file, 'ban-sao.docx'))).toContain(DOCX.pages[0].heading);
    expect(await pdfText(await converter.convert('thuky', file, 'ban-sao.docx'))).toContain(DOCX.pages[1].heading);
    expect(readdirSync(folder)).toEqual([expect.stringMatching(/^ecab-office-profile-/)]);
  });

  it('converts one file at a time, a few waiting per account; without LibreOffice only PDF is accepted', async () => {
    const file = path.join(work, 'hang-doi.docx');
    writeFileSync(file, makeDocx(DOCX));
    const one = new OfficeConverter({ soffice, timeoutMs: 120_000, perAccount: 1, maxWaiting: 4 });
    const first = one.convert('thuky', file, 'hang-doi.docx');
    await expect(one.convert('thuky', file, 'hang-doi.docx')).rejects.toMatchObject({ code: 'rate_limited' });
    const other = one.convert('thuky2', file, 'hang-doi.docx');
    expect(await pdfText(await first)).toContain(DOCX.pages[0].heading);
    expect(await pdfText(await other)).toContain(DOCX.pages[1].heading);

    const none = new OfficeConverter({ soffice: null, timeoutMs: 1000, perAccount: 1, maxWaiting: 1 });
    await expect(none.convert('thuky', file, 'hang-doi.docx')).rejects.toMatchObject({ code: 'office_conversion_unavailable' });
  });
});
