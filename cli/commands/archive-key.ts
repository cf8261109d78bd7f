import { readFile } from 'node:fs/promises';
import { openStorage } from '../../server/data-folder';
import type { Db } from '../../server/db/open';
import path from 'node:path';
import { ARCHIVE_KEY_DIR, installArchiveKey, legacyArchiveKey, loadArchiveSigner, selfSignedArchiveKey, signerFromPem, type ArchiveSigner } from '../../server/secretariat/archive-key';
import { readPkcs12 } from '../../signing/index';
import { parse, requireString, UsageError } from '../args';
import { storageFrom, WHERE, WHERE_OPTIONS } from '../storage-option';

export const ARCHIVE_KEY_HELP = `ecabinet archive-key show|import|self-signed ${WHERE} ...

  Khóa niêm phong hồ sơ lưu trữ cuộc họp (ký CAdES tệp kê khai). Máy chủ chưa có khóa sẽ tự tạo
  một khóa tự ký ở lần lưu trữ đầu tiên (dùng cho bản mẫu). Khóa nằm trong CSDL: mọi máy chủ
  dùng chung CSDL niêm phong bằng cùng một khóa.
  The key that seals meeting archives (CAdES signature of the manifest). A server without one
  makes a self-signed key at its first archive (fine for the demo). The key is kept in the
  database: every instance sharing it seals with this one key.

  show        ${WHERE}                       xem khóa đang dùng / show the current key
  import      ${WHERE} --p12 FILE --password-env VAR
              ${WHERE} --key KEY.pem --cert CERT.pem
                                                  cài khóa của tổ chức / install the organisation's key
  self-signed ${WHERE}                       tạo khóa tự ký mới / make a new self-signed key`;

function describe(s: ArchiveSigner): string {
  return [
    `Người ký / signer: ${s.subject}`,
    `SHA-256: ${s.fingerprint}`,
    s.selfSigned ? 'Khóa tự ký / self-signed key' : 'Chứng thư do tổ chức cấp / certificate issued by an authority',
  ].join('\n');
}

async function orgName(db: Db): Promise<string> {
  return (await db.selectFrom('organizations').select('name').orderBy('created_at').executeTakeFirst())?.name ?? 'eCabinet';
}

export async function archiveKeyCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') return void console.log(ARCHIVE_KEY_HELP);
  const { values } = parse(rest, {
    ...WHERE_OPTIONS,
    p12: { type: 'string' },
    'password-env': { type: 'string' },
    key: { type: 'string' },
    cert: { type: 'string' },
  });
  if (values.help) return void console.log(ARCHIVE_KEY_HELP);
  if (sub !== 'show' && sub !== 'self-signed' && sub !== 'import') throw new UsageError(`Lệnh con không rõ (unknown subcommand): ${sub}`);
  const storage = storageFrom(values);
  const pems = sub === 'import' ? await importedPems(values) : undefined;
  const db = await openStorage(storage);
  try {
    if (sub === 'show') {
      const s = await loadArchiveSigner(db);
      if (s) return void console.log(describe(s));
      const legacy = await legacyArchiveKey(path.join(typeof storage === 'string' ? storage : storage.dataDir, ARCHIVE_KEY_DIR));
      if (!legacy) return void console.log('Chưa có khóa / no key yet');
      console.log(`${describe(signerFromPem(legacy.keyPem, legacy.certPem))}\nTrong thư mục dữ liệu, sẽ được dùng cho mọi máy chủ từ lần lưu trữ tới / in the data folder: adopted for every instance at the next archive`);
      return;
    }
    const { keyPem, certPem } = pems ?? selfSignedArchiveKey(await orgName(db), new Date());
    console.log(describe(await installArchiveKey(db, keyPem, certPem)));
  } finally {
    await db.destroy();
  }
}

async function importedPems(values: { p12?: string; 'password-env'?: string; key?: string; cert?: string }): Promise<{ keyPem: string; certPem: string }> {
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
  return { keyPem, certPem };
}
