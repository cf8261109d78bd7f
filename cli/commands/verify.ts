import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isAppError } from '../../shared/app-error';
import { lookup } from '../../shared/i18n/lookup';
import { signingEn, signingVi } from '../../shared/i18n/signing';
import type { SignatureReport, VerificationReport } from '../../shared/signing';
// Not the signing/index barrel: verifying needs neither pdf-lib nor the fonts of the signer.
import { verifyPdf } from '../../signing/verify/verify-pdf';
import { parse, UsageError } from '../args';

export const VERIFY_HELP = `ecabinet verify FILE.pdf [--trust CA.pem ...] [--offline] [--json]

  Kiểm tra mọi chữ ký số trong tệp PDF (PAdES/PKCS#7, của eCabinet hoặc phần mềm khác).
  Verifies every digital signature in a PDF (PAdES/PKCS#7, from eCabinet or other tools).

  --trust FILE   chứng thư gốc tin cậy (PEM/DER), lặp lại được / trusted root certificate, repeatable
  --offline      không hỏi OCSP/CRL trên mạng / do not ask OCSP responders or CRL servers online
  --json         in báo cáo JSON / print the JSON report

  Mã thoát / exit status: 0 mọi chữ ký hợp lệ / every signature valid; 1 có chữ ký không hợp lệ,
  chưa xác định hoặc không có chữ ký / some signature invalid or indeterminate, or none;
  2 không đọc được tệp PDF / the file cannot be read as a PDF.`;

// The catalogue's `signing` section only (every key said here is in it): all of the app's messages
// took ~9 ms of each run to load.
const SIGNING = { vi: { signing: signingVi }, en: { signing: signingEn } };
const both = (key: string, vars?: Record<string, string | number>) => `${lookup(SIGNING.vi, key, vars)} / ${lookup(SIGNING.en, key, vars)}`;

function describeSignature(s: SignatureReport, i: number): string {
  const lines = [
    `#${i + 1} ${s.field}: ${both(`signing.verdict.${s.verdict}`)}`,
    `   ${both('signing.field.signer')}: ${s.signer ?? '?'}`,
    `   ${both('signing.field.signedAt')}: ${s.signedAt ?? '?'} (${s.signedAtSource})`,
    `   ${both('signing.field.level')}: ${s.level ?? s.subFilter ?? '?'}`,
    ...(s.archiveTimestamp ? [`   ${both('signing.field.archiveTimestamp')}: ${s.archiveTimestamp.time}${s.archiveTimestamp.authority ? ` (${s.archiveTimestamp.authority})` : ''}`] : []),
    `   ${both('signing.field.coverage')}: ${s.coversWholeFile ? both('signing.field.wholeFile') : both('signing.field.revision', { revision: s.revision ?? '?' })}`,
  ];
  for (const u of s.updatesAfter) lines.push(`     + ${both('signing.field.revision', { revision: u.revision })}: ${u.changes.join(', ')}`);
  for (const r of s.reasons) lines.push(`   - ${lookup(SIGNING.vi, r)}\n     ${lookup(SIGNING.en, r)}`);
  return lines.join('\n');
}

export async function verifyCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    trust: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    offline: { type: 'boolean' },
  });
  if (values.help) return void console.log(VERIFY_HELP);
  if (positionals.length !== 1) throw new UsageError('Cần đúng một tệp PDF (exactly one PDF file expected)');
  const file = path.resolve(positionals[0]);
  let bytes: Uint8Array;
  const roots: Uint8Array[] = [];
  try {
    for (const t of values.trust ?? []) roots.push(await readFile(t));
  } catch (e) {
    throw new UsageError(`Không đọc được chứng thư tin cậy (cannot read trust certificate): ${(e as Error).message}`);
  }
  let report: VerificationReport;
  try {
    // One read, not fs/promises' 512 KiB chunks each through the thread pool (20 round trips for a
    // 10 MB file): a command that does nothing else meanwhile.
    bytes = readFileSync(file);
    // Like pdfsig: the signatures are checked, the pages are not decoded (nor their streams measured).
    report = await verifyPdf(bytes, { trustRoots: roots, online: !values.offline, measureAllStreams: false });
  } catch (e) {
    if (isAppError(e) && e.code === 'not_pdf') {
      const { translate } = await import('../../shared/i18n');
      console.error(`Lỗi / error: ${translate('vi', 'errors.not_pdf')} / ${translate('en', 'errors.not_pdf')} (${file})`);
    } else if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EISDIR') {
      console.error(`Lỗi / error: không đọc được tệp (cannot read file) ${file}`);
    } else {
      console.error(`Lỗi / error: không đọc được tệp PDF (cannot read the PDF): ${(e as Error).message}`);
    }
    process.exitCode = 2;
    return;
  }
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else if (report.signatures.length === 0) console.log('Tệp không có chữ ký số / the file has no digital signature');
  else console.log(report.signatures.map(describeSignature).join('\n\n'));
  process.exitCode = report.signatures.length > 0 && report.signatures.every((s) => s.verdict === 'valid') ? 0 : 1;
}
