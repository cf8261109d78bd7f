import path from 'node:path';
import { backup, restore } from '../../server/ops/backup';
import { parse, requireString } from '../args';
import { storageFrom, WHERE, WHERE_OPTIONS } from '../storage-option';

export const BACKUP_HELP = `ecabinet backup ${WHERE} --out BACKUP_DIR

  Sao lưu CSDL và tệp tài liệu trong khi máy chủ vẫn chạy, vào một thư mục mới.
  Backs up the database and the documents' files, while the server runs, into a new folder
  (SQLite: VACUUM INTO; PostgreSQL: pg_dump). Khóa niêm phong phiếu kín không nằm trong đó:
  hãy giữ riêng / the ballot sealing key is not in it: keep it apart.`;

export const RESTORE_HELP = `ecabinet restore --from BACKUP_DIR ${WHERE}

  Khôi phục một bản sao lưu vào thư mục (và CSDL PostgreSQL) trống, rồi nâng cấp lược đồ nếu cần.
  Restores a backup into an empty folder (and an empty PostgreSQL database), then migrates it
  if it came from an older version. Start the server with the same ballot sealing key.`;

export async function backupCommand(argv: string[]): Promise<void> {
  const { values } = parse(argv, { ...WHERE_OPTIONS, out: { type: 'string' } });
  if (values.help) return void console.log(BACKUP_HELP);
  const out = path.resolve(requireString(values.out, '--out'));
  const m = await backup(storageFrom(values), out);
  console.log(`Đã sao lưu / backed up (${m.database}, ${m.migrations.length} migrations): ${out}`);
}

export async function restoreCommand(argv: string[]): Promise<void> {
  const { values } = parse(argv, { ...WHERE_OPTIONS, from: { type: 'string' } });
  if (values.help) return void console.log(RESTORE_HELP);
  const from = path.resolve(requireString(values.from, '--from'));
  const m = await restore(from, storageFrom(values));
  console.log(`Đã khôi phục / restored the backup of ${m.createdAt} (${m.database})`);
}
