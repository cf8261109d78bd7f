import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { extendPdf, verifyPdf, writeFileAtomic } from '../../signing/index';
import { AppError } from '../../shared/errors';
import { parse, requireString, UsageError } from '../args';
import { readChainFiles } from './sign';

export const EXTEND_HELP = `ecabinet extend FILE.pdf --tsa URL [--chain FILE ...] [--out OUT.pdf] [--offline]

  Gia hạn chữ ký lưu trữ lâu dài (PAdES B-LTA): nhúng chuỗi chứng thư và dữ liệu thu hồi
  (OCSP/CRL) của mọi chữ ký và dấu thời gian trong tệp, rồi đóng dấu thời gian tài liệu mới.
  Chạy lại trước khi chứng thư của máy chủ dấu thời gian cuối cùng hết hạn.
  Extends long-term signatures (PAdES B-LTA): embeds the chains and revocation data (OCSP/CRL)
  of every signature and timestamp in the file, then adds a new document timestamp. Run it
  again before the certificate of the last timestamp authority expires.

  --tsa URL       máy chủ cấp dấu thời gian RFC 3161 / RFC 3161 timestamp authority
  --chain FILE    chứng thư nơi cấp (PEM/DER/P7C), lặp lại được / issuer certificates, repeatable
  --out OUT.pdf   ghi ra tệp khác (mặc định ghi đè FILE) / write elsewhere (default: replace FILE)
  --offline       chỉ dùng dữ liệu đã có, không hỏi OCSP/CRL / use only data at hand, ask no server`;

export async function extendCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    tsa: { type: 'string' },
    chain: { type: 'string', multiple: true },
    out: { type: 'string', short: 'o' },
    offline: { type: 'boolean' },
  });
  if (values.help) return void console.log(EXTEND_HELP);
  if (positionals.length !== 1) throw new UsageError('Cần đúng một tệp PDF (exactly one PDF file expected)');
  const tsaUrl = requireString(values.tsa, '--tsa URL');
  const input = path.resolve(positionals[0]);
  const output = path.resolve(values.out ?? positionals[0]);
  const candidates = await readChainFiles(values.chain ?? []);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(input);
  } catch (e) {
    throw new UsageError(`Không đọc được tệp (cannot read file) ${input}: ${(e as Error).message}`);
  }
  const result = await extendPdf(bytes, { tsaUrl, fetch: !values.offline, candidates });
  // Checked before anything is written: the earlier bytes kept, the new timestamp intact.
  const report = await verifyPdf(result.bytes, { trustRoots: [], online: false });
  const mine = report.signatures.find((s) => s.field === result.field);
  if (!Buffer.from(result.bytes.subarray(0, bytes.length)).equals(Buffer.from(bytes)) || mine?.integrity !== 'ok' || mine.anomalies.length > 0) {
    throw new AppError('signing_failed', 'Internal error: the document timestamp does not verify');
  }
  await writeFileAtomic(output, result.bytes);
  console.log(`Đã gia hạn / extended: ${output} (${result.signatures} chữ ký / signatures, ${result.field} ${mine.signedAt ?? ''})`);
}
