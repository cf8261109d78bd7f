/**
 * What the `ecabinet` command does with its arguments, callable in the same process (the bin
 * entry `cli/main.ts` and the tests of commands that are not about the process itself): each
 * command's module is loaded only when it runs, so `--help` or `verify` never pay for the
 * server's libraries.
 */
import { describeError, UsageError } from './args';

const HELP = `eCabinet — phòng họp không giấy / paperless meetings

Cách dùng / usage: ecabinet <lệnh / command> [--help]

  start     chạy máy chủ mẫu và mở ứng dụng / run the demo server and open the app
  server    chạy máy chủ đồng bộ / run the sync server
  app       mở ứng dụng / open the app against a server
  user      tài khoản: thêm, vô hiệu hóa, thiết bị, thu hồi / accounts: add, disable, devices, revoke
  org       tổ chức: thêm, liệt kê, thành viên / organisations: add, list, members
  rules     quy tắc ra quyết định / the committee's decision rules
  sign      ký số tệp PDF / digitally sign a PDF
  extend    gia hạn chữ ký lưu trữ lâu dài (B-LTA) / re-timestamp a long-term archive (B-LTA)
  verify    kiểm tra chữ ký số / verify digital signatures
  audit verify    kiểm tra chuỗi nhật ký / check the audit log's hash chain
  verify-archive  kiểm tra hồ sơ lưu trữ / verify a meeting archive
  archive-key     khóa niêm phong lưu trữ / the archive sealing key
  backup    sao lưu CSDL và tệp khi máy chủ chạy / back up the database and files while the server runs
  restore   khôi phục bản sao lưu vào nơi trống / restore a backup into an empty target`;

interface Command {
  run: (argv: string[]) => Promise<void>;
  help: string;
}

// One line per command; the import() is what keeps the others unloaded.
const commands: Record<string, () => Promise<Command>> = {
  start: () => import('./commands/start').then((m) => ({ run: m.startCommand, help: m.START_HELP })),
  server: () => import('./commands/server').then((m) => ({ run: m.serverCommand, help: m.SERVER_HELP })),
  app: () => import('./commands/app').then((m) => ({ run: m.appCommand, help: m.APP_HELP })),
  user: () => import('./commands/user').then((m) => ({ run: m.userCommand, help: m.USER_HELP })),
  org: () => import('./commands/org').then((m) => ({ run: m.orgCommand, help: m.ORG_HELP })),
  rules: () => import('./commands/rules').then((m) => ({ run: m.rulesCommand, help: m.RULES_HELP })),
  sign: () => import('./commands/sign').then((m) => ({ run: m.signCommand, help: m.SIGN_HELP })),
  extend: () => import('./commands/extend').then((m) => ({ run: m.extendCommand, help: m.EXTEND_HELP })),
  verify: () => import('./commands/verify').then((m) => ({ run: m.verifyCommand, help: m.VERIFY_HELP })),
  audit: () => import('./commands/audit').then((m) => ({ run: m.auditCommand, help: m.AUDIT_HELP })),
  'verify-archive': () => import('./commands/verify-archive').then((m) => ({ run: m.verifyArchiveCommand, help: m.VERIFY_ARCHIVE_HELP })),
  'archive-key': () => import('./commands/archive-key').then((m) => ({ run: m.archiveKeyCommand, help: m.ARCHIVE_KEY_HELP })),
  backup: () => import('./commands/backup').then((m) => ({ run: m.backupCommand, help: m.BACKUP_HELP })),
  restore: () => import('./commands/backup').then((m) => ({ run: m.restoreCommand, help: m.RESTORE_HELP })),
};

/**
 * Runs one command and resolves with its exit status: 0, or (a message printed on stderr,
 * never a stack trace) 2 for a usage mistake, 1 for any other error. A command that sets
 * `process.exitCode` itself (verify, audit verify) still resolves 0; a long-running one
 * (server, start, app) resolves once it is up.
 */
export async function runCli(argv: string[]): Promise<number> {
  try {
    await main(argv);
    return 0;
  } catch (e) {
    console.error(`Lỗi / error: ${await describeError(e)}`);
    return e instanceof UsageError ? 2 : 1;
  }
}

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') return void console.log(HELP);
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) throw new UsageError(`Lệnh không rõ (unknown command): ${name}\n\n${HELP}`);
  const command = await load();
  try {
    await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`${e.message}\n\n${command.help}`);
    throw e;
  }
}
