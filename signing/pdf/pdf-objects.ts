import { PDFArray, PDFDict, PDFNumber, type PDFName } from '@cantoo/pdf-lib';

/** Like lookupMaybe, but returns undefined (instead of throwing) when the object has another type: real files vary. */
export function dictAt(container: PDFDict | PDFArray | undefined, key: PDFName | number): PDFDict | undefined {
  const v = container ? (container instanceof PDFArray ? container.lookup(key as number) : container.lookup(key as PDFName)) : undefined;
  return v instanceof PDFDict ? v : undefined;
}

export function arrayAt(container: PDFDict | PDFArray | undefined, key: PDFName | number): PDFArray | undefined {
  const v = container ? (container instanceof PDFArray ? container.lookup(key as number) : container.lookup(key as PDFName)) : undefined;
  return v instanceof PDFArray ? v : undefined;
}

export function numberAt(dict: PDFDict | undefined, key: PDFName): number | undefined {
  const v = dict?.lookup(key);
  return v instanceof PDFNumber ? v.asNumber() : undefined;
}
