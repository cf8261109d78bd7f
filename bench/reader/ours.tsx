/**
 * Our reader alone (no app around it), on /sample.pdf, with the benchmark probe.
 * By default the reader is mounted as soon as the code is loaded (?open=N: at a saved position on
 * page N). With ?defer=1 the code is loaded, i18n set up and React's root rendered (an app
 * already running), and the reader is mounted only when the bench calls `__bench.openNow(N | null)`,
 * as the document screen mounts it when a document is opened.
 */
// First, as the app's main.tsx does when it opens on a document (renderer/src/opening-on-document.ts).
import './start-worker-early';
import { startTransition, useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { ReadingPosition } from '../../shared/reader';
import { initI18n } from '../../renderer/src/i18n';
import { PdfViewer } from '../../renderer/src/pdf/PdfViewer';
import { preopenPdf } from '../../renderer/src/pdf/pdfjs';
import '../../renderer/src/styles.css';
import { deferred, installProbe, markRendered, markShown, offerOpen } from './probe';

performance.mark('code evaluated');
const probe = installProbe();
// A page is drawn when its box says data-rendered="true"; its last picture is in place (a document
// opened again) when a box comes with data-picture="true".
new MutationObserver((records) => {
  for (const r of records) {
    const el = r.target as HTMLElement;
    if (r.type === 'attributes' && el.dataset.rendered === 'true') markRendered(probe, Number(el.dataset.pageNumber));
    if (r.type === 'attributes' && el.dataset.picture === 'true') markShown(probe, Number(el.dataset.pageNumber));
    if (r.type === 'childList' && r.addedNodes.length > 0) {
      for (const n of r.addedNodes) {
        if (!(n instanceof HTMLElement)) continue;
        for (const box of n.matches('[data-picture="true"]') ? [n] : n.querySelectorAll<HTMLElement>('[data-picture="true"]')) markShown(probe, Number(box.dataset.pageNumber));
      }
    }
  }
}).observe(document.getElementById('root')!, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-rendered', 'data-picture'] });

const w = window as unknown as { __scroller: () => HTMLElement; __layoutDone: () => boolean; __goTo: (n: number) => void };
w.__scroller = () => document.querySelector<HTMLElement>('[data-testid="pdf-scroll"]')!;
// Every page's size known: the column has its final heights.
w.__layoutDone = () => document.querySelector('[data-testid="pdf-scroll"]')?.getAttribute('data-page-sizes') === 'known';

/** A saved reading position on page N, as the document screen passes it. */
const positionAt = (page: number): ReadingPosition => ({ page, offset: 0, zoom: { mode: 'auto' }, rotation: 0 });
// ?open=N: reopen at a saved reading position on page N.
const reopenAt = Number(new URLSearchParams(location.search).get('open') ?? 0);
/** What to open: immediately unless ?defer=1, then on `__bench.openNow`. */
const initialOpen = deferred() ? undefined : { position: reopenAt ? positionAt(reopenAt) : null };
const SAMPLE = '/sample.pdf';
// Opened at once: the URL is known before the reader renders (as the document screen's answer gives it).
if (initialOpen) preopenPdf(SAMPLE);

await initI18n();
performance.mark('i18n ready');
/** Our reader's own "go to page" (the `goTo` prop the screens use; the page field calls the same goToPage). */
function Bench() {
  const [goTo, setGoTo] = useState<{ page: number; seq: number } | null>(null);
  const [opened, setOpened] = useState(initialOpen);
  // As from a click or a key in the app (a discrete event: React renders the update at once), not
  // as a background update left to React's scheduler (the bench calls this outside any event).
  w.__goTo = (page) => flushSync(() => setGoTo((g) => ({ page, seq: (g?.seq ?? 0) + 1 })));
  // Offered once the empty root is committed (the app is up, no document open). Closing unmounts
  // the reader, as leaving the document screen does.
  useEffect(() => {
    if (!opened)
      offerOpen(
        probe,
        (page) => {
          // As the document screen does once it knows the document's URL: pdf.js starts on it, then the
          // reader renders as a transition (renderer/src/pdf/useReaderFile.ts).
          preopenPdf(SAMPLE);
          startTransition(() => setOpened({ position: page ? positionAt(page) : null }));
        },
        () => setOpened(undefined),
      );
  }, [opened]);
  if (!opened) return null;
  return <PdfViewer url={SAMPLE} initialPosition={opened.position} goTo={goTo} />;
}
// As the document screen shows the reader (renderer/src/pdf/useReaderFile.ts): as a transition, so
// pdf.js's worker messages are handled while it renders (the document opened from navigation).
const root = createRoot(document.getElementById('root')!);
startTransition(() => root.render(<Bench />));
