/**
 * Office files made for tests: a .docx written from its XML parts (Vietnamese headings, a table,
 * a page break), and .xlsx / .pptx made by LibreOffice itself from flat OpenDocument files, the
 * way a department's own office suite would save them. Those are kept in tests/fixtures/office/
 * under the hash of what they are made from (commit a new one when a test's content changes):
 * each would otherwise cost a LibreOffice start in every run.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { tool } from '../helpers/tool';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const run = (text: string, props = '') => `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
const para = (text: string, props = '') => `<w:p>${run(text, props)}</w:p>`;
const heading = (text: string) => para(text, '<w:b/><w:sz w:val="32"/>');
const cell = (text: string) => `<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>${para(text)}</w:tc>`;

export interface DocxContent {
  /** Words in reading order, page by page. */
  pages: { heading: string; paragraphs: string[]; table?: string[][] }[];
}

export function makeDocx(content: DocxContent): Uint8Array {
  const body = content.pages
    .map((page, i) => {
      const table = page.table
        ? `<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/><w:tblBorders><w:insideH w:val="single" w:sz="4"/></w:tblBorders></w:tblPr>${page.table
            .map((row) => `<w:tr>${row.map(cell).join('')}</w:tr>`)
            .join('')}</w:tbl>`
        : '';
      const pageBreak = i < content.pages.length - 1 ? '<w:p><w:r><w:br w:type="page"/></w:r></w:p>' : '';
      return heading(page.heading) + page.paragraphs.map((p) => para(p)).join('') + table + pageBreak;
    })
    .join('');
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`;
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(document),
  });
}

const OFFICE = 'urn:oasis:names:tc:opendocument:xmlns:office:1.0';
const NS = `xmlns:office="${OFFICE}" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"`;

/** A spreadsheet of rows (first row: headings), saved as .xlsx by LibreOffice. */
export function makeXlsx(soffice: string, rows: string[][]): Promise<Uint8Array> {
  const xml = `<?xml version="1.0" encoding="UTF-8"?><office:document ${NS} office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body><office:spreadsheet><table:table table:name="Ngân sách">${rows
    .map((r) => `<table:table-row>${r.map((c) => `<table:table-cell office:value-type="string"><text:p>${esc(c)}</text:p></table:table-cell>`).join('')}</table:table-row>`)
    .join('')}</table:table></office:spreadsheet></office:body></office:document>`;
  return saveAs(soffice, 'bang.fods', xml, 'xlsx');
}

/** Slides of one title and one line each, saved as .pptx by LibreOffice. */
export function makePptx(soffice: string, slides: { title: string; line: string }[]): Promise<Uint8Array> {
  const frame = (y: number, text: string) =>
    `<draw:frame svg:x="2cm" svg:y="${y}cm" svg:width="20cm" svg:height="3cm"><draw:text-box><text:p>${esc(text)}</text:p></draw:text-box></draw:frame>`;
  const xml = `<?xml version="1.0" encoding="UTF-8"?><office:document ${NS} office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.presentation"><office:body><office:presentation>${slides
    .map((s, i) => `<draw:page draw:name="page${i + 1}">${frame(2, s.title)}${frame(8, s.line)}</draw:page>`)
    .join('')}</office:presentation></office:body></office:document>`;
  return saveAs(soffice, 'trinh-chieu.fodp', xml, 'pptx');
}

const FIXTURES = path.resolve(__dirname, '../fixtures/office');

async function saveAs(soffice: string, name: string, xml: string, format: string): Promise<Uint8Array> {
  const kept = path.join(FIXTURES, `${createHash('sha256').update(name).update('\0').update(xml).digest('hex').slice(0, 16)}.${format}`);
  if (existsSync(kept)) return readFileSync(kept);
  const dir = mkdtempSync(path.join(tmpdir(), 'ecab-office-fixture-'));
  try {
    const input = path.join(dir, name);
    writeFileSync(input, xml);
    await tool(soffice, [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--convert-to', format, '--outdir', dir, input], { timeoutMs: 180_000 });
    const made = readFileSync(path.join(dir, name.replace(/\.[^.]+$/, `.${format}`)));
    mkdirSync(FIXTURES, { recursive: true });
    writeFileSync(kept, made);
    return made;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
