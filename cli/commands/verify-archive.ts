import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { translate } from '../../shared/i18n';
import { verifyArchive, type ArchiveProblem, type ArchiveReport } from '../../server/audit/verify-archive';
import { parse, UsageError } from '../args';

export const VERIFY_ARCHIVE_HELP = `ecabinet verify-archive FILE.zip [--trust CERT.pem ...] [--json]

  Kiểm tra hồ sơ lưu trữ cuộc họp: chữ ký CAdES trên manifest.json và mã băm SHA-256 của từng tệp.
  Verifies a meeting archive: the CAdES signature of manifest.json and every file's SHA-256.

  --trust FILE   chứng thư của khóa niêm phong (hoặc của nơi cấp), lặp lại được
                 / the archive key's certificate (or its issuer), repeatable
  --json         in báo cáo JSON / print the JSON report

  Mã thoát / exit status: 0 nguyên vẹn / intact; 1 bị sửa, thiếu tệp hoặc chữ ký sai
  / tampered, incomplete or badly signed.`;

const both = (key: string, vars?: Record<string, string | number>) => `${translate('vi', key, vars)} / ${translate('en', key, vars)}`;
const problemText = (p: ArchiveProblem) => both(`audit.verify.${p.code}`, 'path' in p ? { path: p.path } : {});

export function describeArchive(r: ArchiveReport): string {
  const lines: string[] = [];
  if (r.ok) lines.push(both('audit.verify.archiveOk', { count: r.filesChecked }));
  for (const p of r.problems) lines.push(`✗ ${problemText(p)}`);
  if (r.signer) {
    lines.push(both('audit.verify.archiveSigner', { subject: r.signer.subject, fingerprint: r.signer.fingerprint }));
    if (r.signer.selfSigned) lines.push(both('audit.verify.archiveSelfSigned'));
  }
  const head = r.manifest?.auditChainHead;
  if (head) lines.push(both('audit.verify.archiveChainHead', { id: head.id, hash: head.hash }));
  return lines.join('\n');
}

export async function verifyArchiveCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { trust: { type: 'string', multiple: true }, json: { type: 'boolean' } });
  if (values.help) return void console.log(VERIFY_ARCHIVE_HELP);
  if (positionals.length !== 1) throw new UsageError('Cần đúng một tệp zip (exactly one zip file expected)');
  const trusted: Uint8Array[] = [];
  try {
    for (const t of values.trust ?? []) trusted.push(await readFile(t));
  } catch (e) {
    throw new UsageError(`Không đọc được chứng thư tin cậy (cannot read trust certificate): ${(e as Error).message}`);
  }
  const report = await verifyArchive(path.resolve(positionals[0]), trusted);
  console.log(values.json ? JSON.stringify(report, null, 2) : describeArchive(report));
  process.exitCode = report.ok ? 0 : 1;
}
