import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DB_FILE_NAME } from '../../server/data-folder';
import { openDatabase } from '../../server/db/open';
import { ARCHIVE_KEY_DIR, installArchiveKey, loadArchiveSigner, selfSignedArchiveKey, type ArchiveSigner } from '../../server/secretariat/archive-key';
import { readPkcs12 } from '../../signing/index';
import { parse, requireString, UsageError } from '../args';

export const ARCHIVE_KEY_HELP = `ecabinet archive-key show|import|self-signed --data DIR ...

  Khóa niêm phong hồ sơ lưu trữ cuộc họp (ký CAdES tệp kê khai). Máy chủ chưa có khóa sẽ tự tạo
  một khóa tự ký ở lần lưu trữ đầu tiên (dùng cho bản mẫu).
  The key that seals meeting archives (CAdES signature of the manifest). A server without one
  makes a self-signed key at its first archive (fine for the demo).

  show        --data DIR                          xem khóa đang dùng / show the current key
  import      --data DIR --p12 FILE --password-env VAR
              --data DIR --key KEY.pem --cert CERT.pem
                                                  cài khóa của tổ chức / install the organisation's key
  self-signed --data DIR                          tạo khóa tự ký mới / make a new self-signed key`;

function describe(s: ArchiveSigner): string {
  return [
    `Người ký / signer: ${s.subject}`,
    `SHA-256: ${s.fingerprint}`,
    s.selfSigned ? 'Khóa tự ký / self-signed key' : 'Chứng thư do tổ chức cấp / certificate issued by an authority',
  ].join('\n');
}

async function orgName(dataDir: string): Promise<string> {
  const db = await openDatabase(path.join(dataDir, DB_FILE_NAME));
  try {
    return (await db.selectFrom('organizations').select('name').orderBy('created_at').executeTakeFirst())?.name ?? 'eCabinet';
  } finally {
    await db.destroy();
  }
}

export async function archiveKeyCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') return void console.log(ARCHIVE_KEY_HELP);
  const { values } = parse(rest, {
    data: { type: 'string' },
    p12: { type: 'string' },
    'password-env': { type: 'string' },
    key: { type: 'string' },
    cert: { type: 'string' },
  });
  if (values.help) return void console.log(ARCHIVE_KEY_HELP);
  const dataDir = path.resolve(requireString(values.data, '--data'));
  const dir = path.join(dataDir, ARCHIVE_KEY_DIR);
  if (sub === 'show') {
    const s = await loadArchiveSigner(dir);
    console.log(s ? describe(s) : 'Chưa có khóa / no key yet');
    return;
  }
  if (sub === 'self-signed') {
    const { keyPem, certPem } = selfSignedArchiveKey(await orgName(dataDir), new Date());
    return void console.log(describe(await installArchiveKey(dir, keyPem, certPem)));
  }
  if (sub !== 'import') throw new UsageError(`Lệnh con không rõ (unknown subcommand): ${sub}`);
  let keyPem: string;
  let certPem: string;
  if (values.p12) {
    const varName = requireString(values['password-env'], '--password-env');
    const password = process.env[varName];
    if (password === undefined) throw new UsageError(`Biến môi trường ${varName} chưa đặt (environment variable ${varName} is unset)`);
    const p = readPkcs12(await readFile(values.p12), password);
    const pem = (der: Uint8Array) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
    keyPem = p.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    certPem = [p.certificate, ...p.chain].map(pem).join('');
  } else {
    keyPem = await readFile(requireString(values.key, '--key'), 'utf8');
    certPem = await readFile(requireString(values.cert, '--cert'), 'utf8');
  }
  console.log(describe(await installArchiveKey(dir, keyPem, certPem)));
}
