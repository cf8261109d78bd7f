import path from 'node:path';
import { translate } from '../../shared/i18n';
import { DB_FILE_NAME } from '../../server/data-folder';
import { openDatabase } from '../../server/db/open';
import { verifyAuditChain, type ChainReport } from '../../server/audit/verify-chain';
import { parse, requireString, UsageError } from '../args';

export const AUDIT_HELP = `ecabinet audit verify --data DIR [--json]

  Kiểm tra chuỗi băm của nhật ký thay đổi: mỗi mục chứa mã băm của chính nó và của mục trước.
  Checks the audit log's hash chain: each entry holds its own hash and the previous entry's.

  Mã thoát / exit status: 0 nguyên vẹn / intact; 1 có mục bị sửa, xóa hoặc chèn (in ra mục đầu tiên)
  / an entry was changed, removed or inserted (the first one is printed).`;

const both = (key: string, vars?: Record<string, string | number>) => `${translate('vi', key, vars)}\n${translate('en', key, vars)}`;

export function describeChain(r: ChainReport): string {
  if (r.broken) return both(`audit.verify.${r.broken.reason}`, { id: r.broken.id, at: r.broken.at });
  if (!r.head) return both('audit.verify.chainEmpty');
  return `${both('audit.verify.chainOk', { count: r.entries, id: r.head.id, at: r.head.at })}\n${r.head.hash}`;
}

export async function auditCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') return void console.log(AUDIT_HELP);
  if (sub !== 'verify') throw new UsageError(`Lệnh con không rõ (unknown subcommand): ${sub}`);
  const { values } = parse(rest, { data: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) return void console.log(AUDIT_HELP);
  const db = await openDatabase(path.join(path.resolve(requireString(values.data, '--data')), DB_FILE_NAME));
  try {
    const report = await verifyAuditChain(db);
    console.log(values.json ? JSON.stringify(report, null, 2) : describeChain(report));
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    await db.destroy();
  }
}
