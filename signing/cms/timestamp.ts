/** RFC 3161 client: asks a timestamp authority (TSA) to stamp a signature value (PAdES B-T). */
import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../shared/app-error';
import { OID } from './oids';
import { fetchOnceMore } from '../net/fetch-once-more';

const buf = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;

export interface TimestampClientOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * A request nonce from 8 random bytes, shaped so its DER INTEGER is positive and minimal: a
 * leading 0x00 followed by a byte below 0x80 is a non-minimal encoding that strict TSAs
 * (OpenSSL among them) reject as a bad request, which made about one stamp in 256 fail.
 */
export function timestampNonce(random: Uint8Array = randomBytes(8)): Uint8Array {
  const nonce = Uint8Array.from(random);
  nonce[0] = (nonce[0] & 0x7f) | 0x01;
  return nonce;
}

/** The DER TimeStampReq for a SHA-256 digest (certificate requested, so the token carries it). */
export function timestampRequest(digest: Uint8Array, nonce: Uint8Array): Uint8Array {
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: buf(digest) }),
    }),
    nonce: new asn1js.Integer({ valueHex: buf(nonce) }),
    certReq: true,
  });
  return new Uint8Array(req.toSchema().toBER(false));
}

/** Requests a TimeStampToken over SHA-256(data); returns the token (DER ContentInfo). */
export function requestTimestamp(url: string, data: Uint8Array, options: TimestampClientOptions = {}): Promise<Uint8Array> {
  return requestTimestampOfDigest(url, createHash('sha256').update(data).digest(), options);
}

/**
 * Requests a TimeStampToken over a SHA-256 digest the caller computed, e.g. over the byte
 * ranges of a document timestamp, which are hashed without copying them into one buffer.
 */
export async function requestTimestampOfDigest(url: string, sha256: Uint8Array, options: TimestampClientOptions = {}): Promise<Uint8Array> {
  const digest = Buffer.from(sha256);
  const nonce = timestampNonce();
  let response: Response;
  try {
    response = await fetchOnceMore(
      url,
      { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: Buffer.from(timestampRequest(digest, nonce)) },
      options.timeoutMs ?? 15_000,
      options.fetch,
    );
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
    const said = resp.status.statusStrings?.map((s) => s.valueBlock.value).join('; ');
    const failInfo = resp.status.failInfo ? ` failInfo ${Buffer.from(resp.status.failInfo.valueBlock.valueHexView).toString('hex')}` : '';
    throw new AppError('timestamp_failed', `The timestamp authority refused the request (status ${resp.status.status}${failInfo}${said ? `: ${said}` : ''})`);
  }
  const token = resp.timeStampToken;
  const tst = readTstInfo(token);
  if (!tst) throw new AppError('timestamp_failed', 'The timestamp token carries no TSTInfo');
  const imprint = Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView);
  if (!imprint.equals(digest)) throw new AppError('timestamp_failed', 'The timestamp token stamps other data');
  // Compared as numbers: an encoder may write an INTEGER with or without leading zero bytes.
  const asNumber = (b: Uint8Array) => BigInt('0x' + (Buffer.from(b).toString('hex') || '0'));
  if (tst.nonce && asNumber(tst.nonce.valueBlock.valueHexView) !== asNumber(nonce)) {
    throw new AppError('timestamp_failed', 'The timestamp token answers another request (nonce mismatch)');
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
