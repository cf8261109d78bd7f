/**
 * Builds the CAdES detached SignedData a PAdES baseline signature carries (ETSI EN 319 142-1):
 * signed attributes content-type, message-digest and signing-certificate-v2 (no signing-time:
 * PAdES puts the claimed time in the signature dictionary's /M), and for B-T the signature
 * time-stamp token as an unsigned attribute. Written as DER directly (der.ts): pkijs and asn1js,
 * which verifying needs, would cost a signature from the command line more than building it.
 */
import { createHash } from 'node:crypto';
import type { SigningKey } from '../keys/signing-key';
import { childrenOf, context, derNull, encoded, isContext, isUniversal, objectIdentifier as oid, octetString as octets, readDer, sequence as seq, set, smallInteger, TAG } from './der';
import { OID } from './oids';

const attribute = (type: string, value: Uint8Array) => seq(oid(type), set(value));

/** The certificate's issuer Name and serial number (TBSCertificate fields, after the optional [0] version), as DER. */
function issuerAndSerial(certDer: Uint8Array): { issuer: Uint8Array; serial: Uint8Array } {
  const tbs = childrenOf(childrenOf(readDer(certDer))[0]);
  const i = isContext(tbs[0], 0) ? 1 : 0;
  if (!isUniversal(tbs[i], TAG.integer) || !isUniversal(tbs[i + 2], TAG.sequence)) throw new Error('Not an X.509 certificate');
  return { serial: encoded(tbs[i]), issuer: encoded(tbs[i + 2]) };
}

/** SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } with SHA-256 (the default, so omitted). */
function signingCertificateV2(certDer: Uint8Array, issuer: Uint8Array, serial: Uint8Array): Buffer {
  const certHash = createHash('sha256').update(certDer).digest();
  // GeneralNames with one directoryName [4] holding the issuer Name.
  const issuerSerial = seq(seq(context(4, issuer)), serial);
  return seq(seq(seq(octets(certHash), issuerSerial)));
}

export interface BuildCmsOptions {
  /** Obtains an RFC 3161 TimeStampToken (DER ContentInfo) over the given signature value (B-T). */
  timestamp?: (signatureValue: Uint8Array) => Promise<Uint8Array>;
}

/** `der` checked to be one whole DER value (a certificate, a timestamp token), as it is. */
function whole(der: Uint8Array, what: string): Uint8Array {
  try {
    readDer(der);
  } catch (e) {
    throw new Error(`Not valid DER (${what}): ${(e as Error).message}`, { cause: e });
  }
  return der;
}

/** DER of a detached CMS SignedData over content whose SHA-256 is `contentDigest`. */
export async function buildCadesSignature(key: SigningKey, contentDigest: Uint8Array, options: BuildCmsOptions = {}): Promise<Uint8Array> {
  const { issuer, serial } = issuerAndSerial(key.certificate);
  const attributes = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octets(contentDigest)),
    attribute(OID.signingCertificateV2, signingCertificateV2(key.certificate, issuer, serial)),
  ];
  // What is signed is the DER of the attributes as a SET (tag 0x31), not the [0] IMPLICIT form.
  const signature = await key.sign(set(...attributes));

  const signerInfo = [
    smallInteger(1),
    seq(issuer, serial),
    seq(oid(OID.sha256)),
    context(0, ...attributes),
    key.keyType === 'rsa' ? seq(oid(OID.sha256WithRSA), derNull()) : seq(oid(OID.ecdsaWithSHA256)),
    octets(signature),
  ];
  if (options.timestamp) {
    const token = whole(await options.timestamp(signature), 'timestamp token');
    signerInfo.push(context(1, attribute(OID.signatureTimeStampToken, token)));
  }

  const signedData = seq(
    smallInteger(1),
    set(seq(oid(OID.sha256))),
    seq(oid(OID.data)),
    context(0, ...[key.certificate, ...key.chain].map((c) => whole(c, 'certificate'))),
    set(seq(...signerInfo)),
  );
  return new Uint8Array(seq(oid(OID.signedData), context(0, signedData)));
}
