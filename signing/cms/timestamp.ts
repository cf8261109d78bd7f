/** RFC 3161 client: asks a timestamp authority (TSA) to stamp a signature value (PAdES B-T). */
import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../shared/errors';
import { OID } from './oids';

const buf = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;

export interface TimestampClientOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Requests a TimeStampToken over SHA-256(data); returns the token (DER ContentInfo). */
export async function requestTimestamp(url: string, data: Uint8Array, options: TimestampClientOptions = {}): Promise<Uint8Array> {
  const digest = createHash('sha256').update(data).digest();
  const nonce = randomBytes(8);
  nonce[0] &= 0x7f; // keep the INTEGER positive
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: buf(digest) }),
    }),
    nonce: new asn1js.Integer({ valueHex: buf(nonce) }),
    certReq: true,
  });
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: Buffer.from(req.toSchema().toBER(false)),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
  } catch (e) {
    throw new AppError('timestamp_failed', `Timestamp authority unreachable: ${url} (${(e as Error).message})`);
  }
  if (!response.ok) throw new AppError('timestamp_failed', `Timestamp authority answered HTTP ${response.status}`);
  const body = new Uint8Array(await response.arrayBuffer());
  let resp: pkijs.TimeStampResp;
  try {
    resp = pkijs.TimeStampResp.fromBER(buf(body));
  } catch {
    throw new AppError('timestamp_failed', 'The timestamp authority sent an unreadable answer');
  }
  if (resp.status.status > 1 || !resp.timeStampToken) {
    throw new AppError('timestamp_failed', `The timestamp authority refused the request (status ${resp.status.status})`);
  }
  const token = resp.timeStampToken;
  const tst = readTstInfo(token);
  if (!tst) throw new AppError('timestamp_failed', 'The timestamp token carries no TSTInfo');
  const imprint = Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView);
  if (!imprint.equals(digest)) throw new AppError('timestamp_failed', 'The timestamp token stamps other data');
  if (tst.nonce && !Buffer.from(tst.nonce.valueBlock.valueHexView).equals(nonce.subarray(nonce[0] === 0 ? 1 : 0))) {
    // Integers drop leading zero bytes; compare numerically.
    if (BigInt('0x' + Buffer.from(tst.nonce.valueBlock.valueHexView).toString('hex')) !== BigInt('0x' + nonce.toString('hex'))) {
      throw new AppError('timestamp_failed', 'The timestamp token answers another request (nonce mismatch)');
    }
  }
  return new Uint8Array(token.toSchema().toBER(false));
}

/** The TSTInfo inside a TimeStampToken ContentInfo, or null. */
export function readTstInfo(token: pkijs.ContentInfo): pkijs.TSTInfo | null {
  const signed = new pkijs.SignedData({ schema: token.content });
  const content = signed.encapContentInfo.eContent;
  if (signed.encapContentInfo.eContentType !== OID.tstInfo || !content) return null;
  return pkijs.TSTInfo.fromBER(content.getValue());
}
