/** PAdES signing and verification: the public surface used by the CLI, desktop services and server. */
export { signPdf, signPdfFile, type SignFileResult, type SignPdfOptions, type SignPdfResult } from './pdf/sign-pdf';
export { needsRepairBeforeSigning } from './pdf/pdf-load';
export { extendPdf, type LongTermOptions } from './pdf/long-term';
export { readCertificates } from './certs/issuers';
export { type SignatureAppearance, type Rect, defaultSignerRect } from './pdf/appearance';
export { verifyPdf, toCertificates, type VerifyOptions } from './verify/verify-pdf';
export { type SigningKey, type KeyType } from './keys/signing-key';
export { softwareKey } from './keys/software-key';
export { pkcs12Key, readPkcs12, openPkcs12, openPkcs12Key, type Pkcs12Contents } from './keys/pkcs12';
export { writeCopyPlusTailAtomic, writeFileAtomic } from './atomic-write';
export { isoVietnam, pdfDateVietnam } from './time';
export { Pkcs11Module, pkcs11Error, type TokenInfo, type TokenCertificate } from './keys/pkcs11';
export { checkPdfLimits, DEFAULT_PDF_LIMITS, pdfTooComplex, type PdfLimits, type PdfLimitKind, type PdfMeasure } from './pdf/pdf-limits';
