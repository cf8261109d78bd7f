/**
 * The server's recognised words of a document's scanned pages (null while unknown, offline, or
 * for a PDF with its own text), asked once per opened file, and again while unknown whenever the
 * search index changed: the member's client indexes a scan once the server has recognised it (in
 * the background, possibly after the reader opened it), so the words then arrive without reopening.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { OcrWord } from '../../../../shared/ocr';
import { invoke, subscribe } from '../../bridge';

type Pages = readonly (readonly OcrWord[] | null)[] | null;

export function useOcrWords(documentId: string | undefined, url: string) {
  /** How many times the words were asked for this file (asked again only while unknown). */
  const [round, setRound] = useState(0);
  const asked = useMemo<Promise<Pages>>(
    () =>
      documentId
        ? invoke('documents.ocrWords', { id: documentId })
            .then((r) => r?.pages ?? null)
            .catch(() => null)
        : Promise.resolve(null),
    // A new version of the document opens under a new URL.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [documentId, url, round],
  );
  const [pages, setPages] = useState<Pages>(null);
  useEffect(() => {
    let current = true;
    void asked.then((p) => {
      if (current) setPages(p);
    });
    return () => {
      current = false;
    };
  }, [asked]);
  useEffect(() => {
    setPages(null);
    setRound(0);
  }, [documentId, url]);
  useEffect(() => {
    if (!documentId || pages) return;
    // Only while unknown: a document indexed (this one, maybe) may have brought its words.
    return subscribe('search.indexed', () => setRound((r) => r + 1));
  }, [documentId, pages]);
  const latest = useRef(asked);
  useEffect(() => {
    latest.current = asked;
  }, [asked]);
  // The find keeps the words it was given: a new loader once they arrived (not at every asking).
  const load = useCallback(() => (pages ? Promise.resolve(pages) : latest.current), [pages]);
  return { pages, load };
}
