import { readFile } from 'node:fs/promises';
import path from 'node:path';
// The modules themselves, not signing/index: the index also loads verification, long-term
// validation and PKCS#11 (pdf-lib, zod, a native module), which a plain signature never needs.
import { writeCopyPlusTailAtomic, writeFileAtomic } from '../../signing/atomic-write';
import { openPkcs12Key } from '../../signing/keys/pkcs12-native';
import type { Pkcs11Module } from '../../signing/keys/pkcs11';
import type { SigningKey } from '../../signing/keys/signing-key';
import type { SignatureAppearance } from '../../signing/pdf/appearance';
import { signPdfFile } from '../../signing/pdf/sign-pdf';
import { parse, requireString, UsageError } from '../args';

export const SIGN_HELP = `ecabinet sign (--p12 FILE --password-env VAR | --pkcs11-module LIB [--token-label L] --pin-env VAR)
              [--name "Họ tên" --title "Chức vụ" --image PNG] [--visible --page N --rect x,y,w,h]
              [--level B-B|B-T|B-LT|B-LTA --tsa URL] [--chain FILE ...] [--reason "..."] [--certify 1|2|3] IN.pdf OUT.pdf

  Ký số tệp PDF (PAdES) bằng bản cập nhật gia tăng: các chữ ký trước vẫn hợp lệ.
  Signs a PDF (PAdES) as an incremental update: earlier signatures stay valid.
  Mật khẩu/PIN đọc từ biến môi trường, không bao giờ từ dòng lệnh.
  The password/PIN is read from an environment variable, never from the command line.

  --p12 FILE            tệp chứng thư số PKCS#12 / PKCS#12 certificate file (.p12/.pfx)
  --password-env VAR    biến chứa mật khẩu tệp .p12 / variable holding its password
  --pkcs11-module LIB   thư viện PKCS#11 của USB token / the token's PKCS#11 library
  --token-label L       nhãn token / token label (default: the first token)
  --pin-env VAR         biến chứa mã PIN / variable holding the PIN
  --visible             chữ ký hiển thị (mặc định ẩn) / visible signature (default invisible)
  --page N --rect x,y,w,h   trang (từ 1) và vị trí theo point / page (1-based) and rectangle in points
  --name --title --image    họ tên, chức vụ, ảnh chữ ký PNG / name, title, signature image
  --level               B-B (mặc định/default), B-T (cần/needs --tsa), B-LT, B-LTA
                        B-LT: nhúng chuỗi chứng thư và dữ liệu thu hồi (OCSP/CRL) của người ký và của
                        dấu thời gian; B-LTA: thêm dấu thời gian lưu trữ. Không lấy được thì báo lỗi.
                        B-LT embeds the chains and revocation data of signer and timestamp; B-LTA adds
                        an archive timestamp. Fails (never a lower level) when they cannot be had.
  --tsa URL             máy chủ cấp dấu thời gian RFC 3161 / RFC 3161 timestamp authority
  --chain FILE          chứng thư nơi cấp (PEM/DER/P7C), lặp lại được; ngoài ra tải theo địa chỉ AIA
                        issuer certificates (PEM/DER/P7C), repeatable; else fetched from their AIA address
  --certify P           chứng thực tài liệu (DocMDP) / certify the document (DocMDP)`;

function envSecret(varName: string): string {
  const value = process.env[varName];
  if (!value) throw new UsageError(`Biến môi trường ${varName} trống hoặc chưa đặt (environment variable ${varName} is empty or unset)`);
  return value;
}

/** DER certificates of `--chain` files (PEM, DER or a PKCS#7 bundle). */
export async function readChainFiles(files: string[]): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  if (files.length === 0) return out;
  const { readCertificates } = await import('../../signing/certs/issuers');
  for (const f of files) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(f);
    } catch (e) {
      throw new UsageError(`Không đọc được tệp chuỗi chứng thư (cannot read chain file) ${f}: ${(e as Error).message}`);
    }
    const certs = readCertificates(bytes);
    if (certs.length === 0) throw new UsageError(`Tệp không chứa chứng thư nào (no certificate in) ${f}`);
    out.push(...certs.map((c) => new Uint8Array(c.raw)));
  }
  return out;
}

function parseRect(text: string) {
  const n = text.split(',').map(Number);
  if (n.length !== 4 || n.some((v) => !Number.isFinite(v)) || n[2] <= 0 || n[3] <= 0) {
    throw new UsageError(`--rect phải là x,y,w,h (must be x,y,w,h with positive w,h): ${text}`);
  }
  return { x: n[0], y: n[1], width: n[2], height: n[3] };
}

export async function signCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    p12: { type: 'string' },
    'password-env': { type: 'string' },
    'pkcs11-module': { type: 'string' },
    'token-label': { type: 'string' },
    'pin-env': { type: 'string' },
    name: { type: 'string' },
    title: { type: 'string' },
    image: { type: 'string' },
    visible: { type: 'boolean' },
    page: { type: 'string' },
    rect: { type: 'string' },
    level: { type: 'string' },
    tsa: { type: 'string' },
    reason: { type: 'string' },
    certify: { type: 'string' },
    chain: { type: 'string', multiple: true },
  });
  if (values.help) return void console.log(SIGN_HELP);
  if (positionals.length !== 2) throw new UsageError('Cần IN.pdf và OUT.pdf (IN.pdf and OUT.pdf expected)');
  const [input, output] = positionals.map((p) => path.resolve(p));
  const level = values.level ?? 'B-B';
  if (level !== 'B-B' && level !== 'B-T' && level !== 'B-LT' && level !== 'B-LTA') throw new UsageError(`--level: B-B | B-T | B-LT | B-LTA (${level})`);
  if (level !== 'B-B' && !values.tsa) throw new UsageError(`${level} cần --tsa URL (needs --tsa URL)`);
  const certify = values.certify === undefined ? undefined : Number(values.certify);
  if (certify !== undefined && certify !== 1 && certify !== 2 && certify !== 3) throw new UsageError('--certify: 1 | 2 | 3');
  let page: number | undefined;
  if (values.page !== undefined) {
    page = Number(values.page);
    if (!Number.isInteger(page) || page < 1) throw new UsageError(`--page phải là số trang từ 1 (must be a page number from 1): ${values.page}`);
  }
  const appearance: SignatureAppearance | null = values.visible
    ? {
        kind: 'signer',
        page,
        rect: values.rect ? parseRect(values.rect) : undefined,
        title: values.title,
        name: values.name,
        image: values.image ? await readFile(values.image) : undefined,
      }
    : null;

  const chainCandidates = await readChainFiles(values.chain ?? []);
  let key: SigningKey;
  let token: Pkcs11Module | undefined;
  if (values['pkcs11-module']) {
    const pin = envSecret(requireString(values['pin-env'], '--pin-env'));
    const { Pkcs11Module } = await import('../../signing/keys/pkcs11');
    token = new Pkcs11Module(values['pkcs11-module']);
    key = token.signingKey(token.login(values['token-label'], pin));
  } else {
    const p12 = requireString(values.p12, '--p12 (hoặc/or --pkcs11-module)');
    const password = envSecret(requireString(values['password-env'], '--password-env'));
    key = await openPkcs12Key(await readFile(p12), password);
  }
  try {
    // The PDF is not read whole: only what the signature touches, and one streamed pass to hash it.
    const result = await signPdfFile(input, {
      key,
      level,
      tsaUrl: values.tsa,
      appearance,
      signerName: values.name,
      reason: values.reason,
      certify: certify as 1 | 2 | 3 | undefined,
      chainCandidates,
    });
    // The input plus an update: a copy of the input file (made by the kernel), then the update.
    if (result.kind === 'appended') await writeCopyPlusTailAtomic(output, result.input, result.tail);
    else await writeFileAtomic(output, result.parts);
    for (const w of result.warnings) console.error(`Cảnh báo / warning: ${w}`);
    console.log(`Đã ký / signed: ${output} (${result.fieldName}, ${result.level})`);
  } finally {
    token?.close();
  }
}
