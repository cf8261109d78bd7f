/**
 * The check of a freshly signed file before anyone writes it, at the cost of reading its
 * cross-references once more (not the whole document): the input is an untouched prefix, every
 * cross-reference section down the /Prev chain points at the right objects (what qpdf and
 * poppler need to open it), the new signature dictionary is where the update says with the
 * byte range that was hashed, and the CMS signature verifies with the signer's certificate over
 * that digest (a token that signed with another key is caught here).
 */
import { verify, X509Certificate } from 'node:crypto';
import { AppError } from '../../shared/app-error';
import { childrenOf, encoded, isContext, isUniversal, oidOf, readDer, stringBytes, TAG } from '../cms/der';
import { OID } from '../cms/oids';
import { PdfStructureError, readPdfFile, type PdfWindow } from './pdf-file';
import { PdfDict, PdfString } from './pdf-syntax';

const fail = (what: string) => new AppError('signing_failed', `Internal error: ${what}`);

/**
 * The cross-reference chain of `bytes` reads, and its offsets point at their objects (all of
 * them, or the `only` ones: those of an update to a file already checked). Throws signing_failed.
 */
export function checkCrossReferences(bytes: Uint8Array, only?: Iterable<number>, window?: PdfWindow): ReturnType<typeof readPdfFile> {
  try {
    return readPdfFile(bytes, undefined, only, window);
  } catch (e) {
    if (e instanceof PdfStructureError) throw fail(`the signed file's structure is not readable (${e.message})`);
    throw e;
  }
}

export function checkPrefix(input: Uint8Array, output: Uint8Array): void {
  if (output.length < input.length || !Buffer.from(output.buffer, output.byteOffset, input.length).equals(Buffer.from(input.buffer, input.byteOffset, input.length))) {
    throw fail('the signed file does not keep the original bytes');
  }
}

/**
 * `update`: the bytes appended to the input, which starts the file and whose cross-references
 * were checked when it was opened (`input.length`, `input.startXref`): only the update is read.
 */
export function checkNewSignature(
  update: Uint8Array,
  input: { length: number; startXref: number },
  written: Iterable<number>,
  sigNumber: number,
  byteRange: readonly number[],
  digest: Uint8Array,
  cms: Uint8Array,
  certificate: Uint8Array,
): void {
  const file = checkCrossReferences(update, written, { origin: input.length, stopAt: input.startXref });
  const sig = file.object(sigNumber);
  if (!(sig instanceof PdfDict)) throw fail('the new signature dictionary is not found in the result');
  const br = file.array(sig.get('ByteRange'))?.map((x) => file.number(x));
  if (!br || br.join() !== byteRange.join() || byteRange[2] + byteRange[3] !== input.length + update.length) throw fail('the new signature does not cover the file');
  const contents = sig.get('Contents');
  if (!(contents instanceof PdfString) || !Buffer.from(contents.bytes().subarray(0, cms.length)).equals(Buffer.from(cms))) throw fail('the new signature value is not in the file');

  const { signedAttrs, messageDigest, signature } = readOwnCms(cms);
  if (!messageDigest || !Buffer.from(messageDigest).equals(Buffer.from(digest))) throw fail('the new signature signs another digest');
  // The attributes as they are in the CMS, tagged as the SET that was signed.
  const toVerify = Uint8Array.from(signedAttrs);
  toVerify[0] = 0x31;
  const ok = verify('sha256', toVerify, new X509Certificate(Buffer.from(certificate)).publicKey, signature);
  if (!ok) throw fail('the new signature does not verify with the signer\'s certificate (wrong key?)');
}

/**
 * The signed attributes (their bytes in the CMS), message digest and signature value of the CMS
 * just built (ContentInfo → SignedData → its one SignerInfo), read with der.ts.
 */
function readOwnCms(cms: Uint8Array): { signedAttrs: Uint8Array; messageDigest: Uint8Array | undefined; signature: Uint8Array } {
  try {
    const [type, content] = childrenOf(readDer(cms));
    if (oidOf(type) !== OID.signedData) throw fail('the new signature is not a CMS SignedData');
    const signedData = childrenOf(childrenOf(content)[0]);
    const signerInfo = childrenOf(childrenOf(signedData[signedData.length - 1])[0]);
    const at = signerInfo.findIndex((b) => isContext(b, 0));
    if (at < 0) throw fail('the new signature has no signed attributes');
    const signature = signerInfo[at + 2];
    if (!isUniversal(signature, TAG.octetString)) throw fail('the new signature has no signature value');
    let messageDigest: Uint8Array | undefined;
    for (const attr of childrenOf(signerInfo[at])) {
      const [attrType, values] = childrenOf(attr);
      if (oidOf(attrType) === OID.messageDigest) {
        const md = childrenOf(values)[0];
        if (isUniversal(md, TAG.octetString)) messageDigest = stringBytes(md);
      }
    }
    return { signedAttrs: encoded(signerInfo[at]), messageDigest, signature: stringBytes(signature) };
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw fail(`the new signature is not a readable CMS SignedData (${(e as Error).message})`);
  }
}
