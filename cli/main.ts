/** The `ecabinet` command line: server, accounts, and the app launcher. */
import { describeError, UsageError } from './args';
import { APP_HELP, appCommand } from './commands/app';
import { SERVER_HELP, serverCommand } from './commands/server';
import { SIGN_HELP, signCommand } from './commands/sign';
import { EXTEND_HELP, extendCommand } from './commands/extend';
import { START_HELP, startCommand } from './commands/start';
import { USER_HELP, userCommand } from './commands/user';
import { RULES_HELP, rulesCommand } from './commands/rules';
import { VERIFY_HELP, verifyCommand } from './commands/verify';
import { AUDIT_HELP, auditCommand } from './commands/audit';
import { VERIFY_ARCHIVE_HELP, verifyArchiveCommand } from './commands/verify-archive';
import { ARCHIVE_KEY_HELP, archiveKeyCommand } from './commands/archive-key';

const HELP = `eCabinet — phòng họp không giấy / paperless meetings

Cách dùng / usage: ecabinet <lệnh / command> [--help]

  start     chạy máy chủ mẫu và mở ứng dụng / run the demo server and open the app
  server    chạy máy chủ đồng bộ / run the sync server
  app       mở ứng dụng / open the app against a server
  user      tài khoản: thêm, vô hiệu hóa, thiết bị, thu hồi / accounts: add, disable, devices, revoke
  rules     quy tắc ra quyết định / the committee's decision rules
  sign      ký số tệp PDF / digitally sign a PDF
  extend    gia hạn chữ ký lưu trữ lâu dài (B-LTA) / re-timestamp a long-term archive (B-LTA)
  verify    kiểm tra chữ ký số / verify digital signatures
  audit verify    kiểm tra chuỗi nhật ký / check the audit log's hash chain
  verify-archive  kiểm tra hồ sơ lưu trữ / verify a meeting archive
  archive-key     khóa niêm phong lưu trữ / the archive sealing key`;

const commands: Record<string, { run: (argv: string[]) => Promise<void>; help: string }> = {
  start: { run: startCommand, help: START_HELP },
  server: { run: serverCommand, help: SERVER_HELP },
  app: { run: appCommand, help: APP_HELP },
  user: { run: userCommand, help: USER_HELP },
  rules: { run: rulesCommand, help: RULES_HELP },
  sign: { run: signCommand, help: SIGN_HELP },
  extend: { run: extendCommand, help: EXTEND_HELP },
  verify: { run: verifyCommand, help: VERIFY_HELP },
  audit: { run: auditCommand, help: AUDIT_HELP },
  'verify-archive': { run: verifyArchiveCommand, help: VERIFY_ARCHIVE_HELP },
  'archive-key': { run: archiveKeyCommand, help: ARCHIVE_KEY_HELP },
};

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') return void console.log(HELP);
  const command = commands[name];
  if (!command) throw new UsageError(`Lệnh không rõ (unknown command): ${name}\n\n${HELP}`);
  try {
    await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`${e.message}\n\n${command.help}`);
    throw e;
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(`Lỗi / error: ${describeError(e)}`);
  process.exit(e instanceof UsageError ? 2 : 1);
});
