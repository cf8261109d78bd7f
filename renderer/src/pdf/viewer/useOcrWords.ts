/** The server's recognised words of a document's scanned pages (null while unknown, offline, or for a PDF with its own text), asked once per opened file. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { OcrWord } from '../../../../shared/ocr';
import { invoke } from '../../bridge';

type Pages = readonly (readonly OcrWord[] | null)[] | null;

export function useOcrWords(documentId: string | undefined, url: string) {
  const asked = useMemo<Promise<Pages>>(
    () =>
      documentId
        ? invoke('documents.ocrWords', { id: documentId })
            .then((r) => r?.pages ?? null)
            .catch(() => null)
        : Promise.resolve(null),
    // A new version of the document opens under a new URL.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [documentId, url],
  );
  const [pages, setPages] = useState<Pages>(null);
  useEffect(() => {
    let current = true;
    setPages(null);
    void asked.then((p) => {
      if (current) setPages(p);
    });
    return () => {
      current = false;
    };
  }, [asked]);
  const load = useCallback(() => asked, [asked]);
  return { pages, load };
}
