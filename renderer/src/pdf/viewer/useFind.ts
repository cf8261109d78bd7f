/** Find in the document (Vietnamese folding, via find.ts): searches as the reader types, goes to the first hit at or after his page, steps through hits, groups highlights by page. */
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { invoke } from '../../bridge';
import { DocumentFinder, type FindMatch } from '../find';
import type { PageHighlights } from '../PdfPage';
import type { PDFDocumentProxy } from '../pdfjs';
import type { Anchor } from './types';
import type { OcrWord } from '../../../../shared/ocr';

interface Options {
  pdf: PDFDocumentProxy | null;
  /** The recognised words of scanned pages (what the page lays over the scan), once known. */
  ocrWords?: () => Promise<readonly (readonly OcrWord[] | null)[] | null>;
  /** The document's id: scanned pages are found in its indexed (recognised) text. */
  documentId?: string;
  /** Text to find on opening (a search result's query). */
  initialFind: string | null;
  anchorRef: RefObject<Anchor>;
  goToPage: (page: number) => void;
  /** Gets the focus back when the find bar closes. */
  scrollAreaRef: RefObject<HTMLDivElement | null>;
}

export function useFind({ pdf, documentId, ocrWords, initialFind, anchorRef, goToPage, scrollAreaRef }: Options) {
  const finder = useMemo(
    () => (pdf ? new DocumentFinder(pdf, documentId ? async () => (await invoke('search.documentText', { documentId })).pages : null, ocrWords ?? null) : null),
    [pdf, documentId, ocrWords],
  );
  const [open, setOpen] = useState(Boolean(initialFind));
  const [query, setQuery] = useState(initialFind ?? '');
  const [matches, setMatches] = useState<FindMatch[]>([]);
  const [matchIndex, setMatchIndex] = useState(-1);
  const [searching, setSearching] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  /** On the first results of a new query: go to the first hit at or after the current page. */
  const jumpOnFirst = useRef(true);

  useEffect(() => {
    if (!finder || !open || !query.trim()) {
      setMatches([]);
      setMatchIndex(-1);
      setSearching(false);
      return;
    }
    const ctrl = new AbortController();
    const timer = window.setTimeout(() => {
      setSearching(true);
      jumpOnFirst.current = true;
      const found: FindMatch[] = [];
      let lastFlush = 0;
      const flush = () => {
        setMatches([...found]);
        if (jumpOnFirst.current && found.length) {
          const start = anchorRef.current.page;
          const i = found.findIndex((m) => m.page >= start);
          if (i >= 0 || found[found.length - 1].page === pdf?.numPages) {
            jumpOnFirst.current = false;
            setMatchIndex(Math.max(0, i));
          }
        }
      };
      finder
        .findAll(query, ctrl.signal, (hits, page) => {
          found.push(...hits);
          if (hits.length && page - lastFlush >= 1) {
            lastFlush = page;
            flush();
          }
        })
        .then(
          () => {
            if (ctrl.signal.aborted) return;
            if (jumpOnFirst.current && found.length) {
              jumpOnFirst.current = false;
              setMatchIndex(0);
            }
            setMatches(found);
            if (!found.length) setMatchIndex(-1);
            setSearching(false);
          },
          (e: unknown) => {
            if (!ctrl.signal.aborted) console.warn('find failed', e);
            setSearching(false);
          },
        );
    }, 150);
    return () => {
      window.clearTimeout(timer);
      ctrl.abort();
    };
  }, [finder, open, query, pdf, anchorRef]);

  // Go to the page of the current hit; the page scrolls the hit itself into view once drawn.
  const current = matchIndex >= 0 ? matches[matchIndex] : undefined;
  useEffect(() => {
    if (current && current.page !== anchorRef.current.page) goToPage(current.page);
  }, [current, goToPage, anchorRef]);

  const step = useCallback(
    (by: 1 | -1) => {
      if (!matches.length) return;
      jumpOnFirst.current = false;
      setMatchIndex((i) => (i < 0 ? 0 : (i + by + matches.length) % matches.length));
    },
    [matches.length],
  );

  const highlightsByPage = useMemo(() => {
    const map = new Map<number, PageHighlights>();
    if (!finder) return map;
    let i = 0;
    while (i < matches.length) {
      const page = matches[i].page;
      let j = i;
      while (j < matches.length && matches[j].page === page) j++;
      const text = finder.resolved(page);
      if (text) map.set(page, { text, matches: matches.slice(i, j), selected: matchIndex >= i && matchIndex < j ? matchIndex - i : -1 });
      i = j;
    }
    return map;
  }, [finder, matches, matchIndex]);

  const openFind = useCallback(() => {
    setOpen(true);
    // After the bar is in the document: focus the field and select what is there.
    window.setTimeout(() => {
      inputRef.current?.focus();
      inputRef.current?.select();
    }, 0);
  }, []);

  const closeFind = useCallback(() => {
    setOpen(false);
    scrollAreaRef.current?.focus();
  }, [scrollAreaRef]);

  return { open, query, setQuery, matches, matchIndex, searching, inputRef, step, highlightsByPage, openFind, closeFind };
}
