/** What verification reads of a PDF, whichever way it was read (cross-reference scan, full parse, raw bytes). */
import type { PDFDocument } from '@cantoo/pdf-lib';

export interface FoundSignature {
  field: string;
  byteRange: number[] | null;
  contents: Uint8Array | null;
  subFilter: string | null;
  type: string | null;
  /** /M as written. */
  m: string | null;
  name: string | null;
  /** DocMDP P of a certification signature. */
  docMdp: number | null;
  /** The form fields this signature locks (FieldMDP), or null. */
  fieldLock: FieldLock | null;
}

/**
 * FieldMDP: the fields a signature locks, from its /Reference (TransformMethod /FieldMDP) or,
 * failing that, its field's /Lock dictionary. `p` (PDF 2.0) restricts the document like DocMDP.
 */
export interface FieldLock {
  action: 'All' | 'Include' | 'Exclude';
  fields: string[];
  p: number | null;
}

export interface PdfFacts {
  signatures: FoundSignature[];
  /** Object numbers of page content streams (to tell content changes from signature resources). */
  contentObjects: Set<number>;
  /** DER certificates and revocation data of the /DSS. */
  dss: { certs: Uint8Array[]; ocsps: Uint8Array[]; crls: Uint8Array[] };
  readable: boolean;
  /** The parsed file (decrypted when it was encrypted with an empty user password), when readable. */
  doc: PDFDocument | null;
  /** Whether the file is encrypted (its strings were decrypted to read it). */
  encrypted: boolean;
}
