/**
 * Office conversion: pages per second of the server's converter (`OfficeConverter`: its own
 * LibreOffice process on a private copy of its profile template, time limit, queue) on a 30-page .docx
 * (Vietnamese headings, paragraphs, a table on every page), against `soffice --convert-to pdf`
 * run alone on the same file in the same run, with a profile folder kept between its runs as a
 * plain installation has (target: ratio ≤ 1.2).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_OFFICE_CONVERTER, findSoffice, OfficeConverter } from '../server/secretariat/office';
import { makeDocx } from '../tests/server/office-files';
import { ms, summarize, table } from './lib/stats';
import { report } from './lib/report';

const PAGES = 30;
const ROUNDS = 3;
const TARGET_RATIO = 1.2;

const pagesOf = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1] ?? 0);

async function main() {
  const soffice = findSoffice();
  if (!soffice) {
    console.log('LibreOffice is not installed: skipped');
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecab-bench-office-'));
  try {
    const docx = path.join(tmp, 'de-an.docx');
    fs.writeFileSync(
      docx,
      makeDocx({
        pages: Array.from({ length: PAGES }, (_, i) => ({
          heading: `Chương ${i + 1}. Đề án chuyển đổi số giai đoạn 2026 - 2030`,
          paragraphs: Array.from({ length: 6 }, (_, k) => `${i + 1}.${k + 1}. Sở Thông tin và Truyền thông chủ trì, phối hợp với các sở, ngành và Ủy ban nhân dân các quận, huyện triển khai nhiệm vụ số ${k + 1}, báo cáo kết quả trước ngày 15 tháng 12 năm 2026.`),
          table: [
            ['Nhiệm vụ', 'Cơ quan chủ trì', 'Kinh phí (triệu đồng)'],
            [`Hạ tầng số ${i + 1}`, 'Sở Tài chính', String(100 + i * 7)],
          ],
        })),
      }),
    );
    const converter = new OfficeConverter({ soffice, ...DEFAULT_OFFICE_CONVERTER });
    const profile = path.join(tmp, 'plain-profile');
    const ours: number[] = [];
    const alone: number[] = [];
    let pages = 0;
    // Each side is warmed once first: the plain installation's profile folder is made on its first
    // run, the converter's profile template on its first conversion.
    await converter.convert('bench', docx, 'de-an.docx');
    execFileSync(soffice, [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', path.join(tmp, 'warm'), docx], { stdio: 'ignore' });
    for (let r = 0; r < ROUNDS; r++) {
      let t = performance.now();
      const pdf = await converter.convert('bench', docx, 'de-an.docx');
      ours.push(performance.now() - t);
      const ourPdf = path.join(tmp, `ours-${r}.pdf`);
      fs.writeFileSync(ourPdf, pdf);
      pages = pagesOf(ourPdf);
      const out = path.join(tmp, `alone-${r}`);
      t = performance.now();
      execFileSync(soffice, [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', out, docx], { stdio: 'ignore' });
      alone.push(performance.now() - t);
    }
    const o = summarize(ours).p50;
    const a = summarize(alone).p50;
    const ratio = o / a;
    table([
      ['', 'median of ' + ROUNDS, 'pages / s'],
      ['ours: OfficeConverter (private profile, limits, queue)', ms(o), ((pages * 1000) / o).toFixed(1)],
      ['baseline: soffice --convert-to pdf alone', ms(a), ((pages * 1000) / a).toFixed(1)],
      ['ratio (time ours / baseline)', ratio.toFixed(2), ''],
    ]);
    report([{ bench: 'office-conversion', measure: `${pages}-page .docx to PDF: OfficeConverter | soffice --convert-to pdf alone`, unit: 'ms', ours: o, baseline: a, spread: `median of ${ROUNDS}`, target: `≤ ${TARGET_RATIO}×` }]);
    const ok = ratio <= TARGET_RATIO && pages >= PAGES;
    console.log(`${ok ? 'OK' : 'MISSED'}: ${pages} pages, ratio ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO})`);
    if (!ok) process.exitCode = 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
