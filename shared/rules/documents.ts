/**
 * What a reader may do with a document besides reading it. The rule (one place, used by the
 * server when it sends the row and by the reader when it shows buttons):
 * - copying text follows the classification: confidential ("Mật") forbids it, always;
 * - printing and downloading are per-document flags set by the secretariat; when not set they
 *   default from the classification: confidential → not allowed, otherwise allowed.
 * Confidential documents also carry an on-screen and printed watermark with the reader's name.
 */
import type { Classification } from '../entities';

export interface DocumentPermissions {
  copy: boolean;
  print: boolean;
  download: boolean;
  watermark: boolean;
}

export function defaultAllows(classification: Classification): boolean {
  return classification !== 'confidential';
}

export function documentPermissions(doc: {
  classification: Classification;
  allowPrint?: boolean | null;
  allowDownload?: boolean | null;
}): DocumentPermissions {
  const confidential = doc.classification === 'confidential';
  return {
    copy: !confidential,
    print: doc.allowPrint ?? defaultAllows(doc.classification),
    download: doc.allowDownload ?? defaultAllows(doc.classification),
    watermark: confidential,
  };
}
