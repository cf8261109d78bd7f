/** Printing as the document allows: pages drawn to images (with progress), printed from a print-only container, then released; the browser's own print is blocked when not allowed. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy } from '../pdfjs';
import { releasePrintPages, renderPagesForPrint, type PrintPage } from '../print';
import type { Rotation } from './types';
import { keyMessage, type UiMessage } from '../../components/ui-message';

interface Options {
  pdf: PDFDocumentProxy | null;
  rotation: Rotation;
  allowed: boolean;
  /** Tells the reader why nothing happens (printing not allowed). */
  notify: (message: UiMessage) => void;
}

export function usePrint({ pdf, rotation, allowed, notify }: Options) {
  const [printPages, setPrintPages] = useState<PrintPage[] | null>(null);
  const [printProgress, setPrintProgress] = useState<{ done: number; total: number } | null>(null);
  const printAbort = useRef<AbortController | null>(null);

  const print = useCallback(async () => {
    if (!pdf) return;
    if (!allowed) {
      notify(keyMessage('reader.printDisabled'));
      return;
    }
    if (printAbort.current) return;
    const ctrl = new AbortController();
    printAbort.current = ctrl;
    setPrintProgress({ done: 0, total: pdf.numPages });
    try {
      const pages = await renderPagesForPrint(pdf, rotation, ctrl.signal, (done, total) => setPrintProgress({ done, total }));
      setPrintPages(pages);
    } catch (e) {
      if (!ctrl.signal.aborted) console.error('print failed', e);
      printAbort.current = null;
    } finally {
      setPrintProgress(null);
    }
  }, [pdf, allowed, rotation, notify]);

  // Once the print container is in the document with its images decoded: print, then clean up.
  useEffect(() => {
    if (!printPages) return;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      releasePrintPages(printPages);
      setPrintPages(null);
      printAbort.current = null;
    };
    const imgs = [...document.querySelectorAll<HTMLImageElement>('.print-root img')];
    Promise.all(imgs.map((img) => img.decode().catch(() => undefined))).then(() => {
      window.addEventListener('afterprint', finish, { once: true });
      document.body.dataset.printing = 'true';
      window.print();
      delete document.body.dataset.printing;
      // Some engines do not fire afterprint (headless); leave the container a moment, then clean up.
      window.setTimeout(finish, 1000);
    });
    return () => {
      window.removeEventListener('afterprint', finish);
    };
  }, [printPages]);

  useEffect(() => () => printAbort.current?.abort(), []);

  // Printing through the browser menu must not bypass the rule either.
  useEffect(() => {
    if (allowed) return;
    document.body.classList.add('print-blocked');
    return () => document.body.classList.remove('print-blocked');
  }, [allowed]);

  return { print, printPages, printProgress };
}
