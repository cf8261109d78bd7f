/**
 * A PAdES document timestamp (/Type /DocTimeStamp, /SubFilter /ETSI.RFC3161): an RFC 3161
 * token over the whole file so far, in its own invisible signature field, added as an
 * incremental update. Over a /DSS it is the archive timestamp of PAdES B-LTA: it proves the
 * signatures and their validation data existed at its time, so they stay verifiable after
 * the certificates expire; a later one renews the proof before this authority's expires.
 */
import { createHash } from 'node:crypto';
import { PDFArray, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFDict, type PDFDocument } from '@cantoo/pdf-lib';
import { AppError } from '../../shared/errors';
import { requestTimestampOfDigest, type TimestampClientOptions } from '../cms/timestamp';
import { arrayAt, dictAt } from './pdf-objects';
import { loadForUpdate } from './pdf-load';
import { locatePlaceholder, writeByteRange, writeContents } from './placeholder';

/** Room for the token: the TSA's certificate chain included, as requested. */
const RESERVE = 20_000;

function topFieldNames(fields: PDFArray | undefined): Set<string> {
  const names = new Set<string>();
  for (let i = 0; fields && i < fields.size(); i++) {
    const t = dictAt(fields, i)?.lookup(PDFName.of('T'));
    if (t instanceof PDFString || t instanceof PDFHexString) names.add(t.decodeText());
  }
  return names;
}

function acroFormOf(doc: PDFDocument): PDFDict {
  const existing = dictAt(doc.catalog, PDFName.of('AcroForm'));
  if (existing) {
    const ref = doc.catalog.get(PDFName.of('AcroForm'));
    if (ref instanceof PDFRef) doc.context.snapshot?.markRefForSave(ref);
    return existing;
  }
  const acro = doc.context.obj({ Fields: [] });
  doc.catalog.set(PDFName.of('AcroForm'), doc.context.register(acro));
  return acro;
}

/** Adds a document timestamp from the authority at `tsaUrl`; returns the new bytes and the field's name. */
export async function addDocumentTimestamp(input: Uint8Array, tsaUrl: string, options: TimestampClientOptions = {}): Promise<{ bytes: Uint8Array; field: string }> {
  const doc = await loadForUpdate(input);
  const { context } = doc;
  const page = doc.getPages()[0];
  if (!page) throw new AppError('bad_request', 'The PDF has no pages');
  const acro = acroFormOf(doc);
  let fields = arrayAt(acro, PDFName.of('Fields'));
  if (!fields) {
    fields = context.obj([]);
    acro.set(PDFName.of('Fields'), fields);
  }
  const taken = topFieldNames(fields);
  let n = 1;
  while (taken.has(`Timestamp${n}`)) n++;
  const field = `Timestamp${n}`;

  const sigDict = context.obj({ Type: 'DocTimeStamp', Filter: 'Adobe.PPKLite', SubFilter: 'ETSI.RFC3161' });
  sigDict.set(PDFName.of('ByteRange'), context.obj([0, PDFName.of('**********'), PDFName.of('**********'), PDFName.of('**********')]));
  sigDict.set(PDFName.of('Contents'), PDFHexString.of('0'.repeat(RESERVE * 2)));
  const widget = context.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    F: 132,
    Rect: [0, 0, 0, 0],
    P: page.ref,
    AP: { N: context.register(context.formXObject([], { BBox: [0, 0, 0, 0] })) },
  });
  widget.set(PDFName.of('T'), PDFString.of(field));
  widget.set(PDFName.of('V'), context.register(sigDict));
  const widgetRef = context.register(widget);
  // Not page.node.addAnnot(), which would rewrite the page's content streams (see sign-pdf.ts).
  const annots = page.node.lookup(PDFName.of('Annots'));
  if (annots instanceof PDFArray) {
    annots.push(widgetRef);
    context.snapshot?.markObjForSave(annots);
  } else page.node.set(PDFName.of('Annots'), context.obj([widgetRef]));
  context.snapshot?.markRefForSave(page.ref);
  fields.push(widgetRef);
  context.snapshot?.markObjForSave(fields);
  acro.set(PDFName.of('SigFlags'), PDFNumber.of(3));

  // Never in an object stream: pdf-lib keeps only /Type /Sig dictionaries out of them, and the
  // placeholder of a /DocTimeStamp must stay in the file's bytes to be filled in. A classic section
  // after a cross-reference stream is read by every reader we test with (qpdf, poppler, pdf.js).
  const bytes = await doc.commit({ useObjectStreams: false });
  const p = locatePlaceholder(bytes, input.length);
  writeByteRange(bytes, p);
  const [a, b, c, d] = p.byteRange;
  const digest = createHash('sha256').update(bytes.subarray(a, a + b)).update(bytes.subarray(c, c + d)).digest();
  writeContents(bytes, p, await requestTimestampOfDigest(tsaUrl, digest, options));
  return { bytes, field };
}
