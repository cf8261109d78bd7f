/**
 * The baseline: pdf.js's own PDFViewer (pdfjs-dist/web/pdf_viewer.mjs) on the same file.
 * By default the document is opened as soon as the code is loaded (?open=N: at page N). With
 * ?defer=1 the viewer is set up (as pdf.js's app does at start-up) but the document is opened
 * only when the bench calls `__bench.openNow(N | null)` (getDocument then, as its app's open()).
 */
import { worker } from './pdfjs-global';
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist';
import { EventBus, PDFLinkService, PDFViewer } from 'pdfjs-dist/web/pdf_viewer.mjs';
import 'pdfjs-dist/web/pdf_viewer.css';
import { deferred, installProbe, markRendered, offerOpen } from './probe';

performance.mark('code evaluated');
const probe = installProbe();
const container = document.getElementById('viewerContainer') as HTMLDivElement;
const eventBus = new EventBus();
const linkService = new PDFLinkService({ eventBus });
const viewer = new PDFViewer({ container, eventBus, linkService });
linkService.setViewer(viewer);
eventBus.on('pagerendered', (e: { pageNumber: number }) => markRendered(probe, e.pageNumber));
const params = new URLSearchParams(location.search);
const scale = Number(params.get('scale') ?? '1');
// ?open=N: where pdf.js's own app puts a reader back (its view history) once the pages are set up.
let reopenAt = Number(params.get('open') ?? 0);
eventBus.on('pagesinit', () => {
  viewer.currentScale = scale;
  if (reopenAt) viewer.currentPageNumber = reopenAt;
});
const w = window as unknown as { __scroller: () => HTMLElement; __layoutDone: () => boolean; __goTo: (n: number) => void };
w.__scroller = () => container;
// Every page's size known ('pagesloaded': pdf.js has fetched every page after drawing the first).
let layoutDone = false;
eventBus.on('pagesloaded', () => {
  layoutDone = true;
  // As pdf.js's app does once every page's size is known (its "ensure that the correct location
  // becomes visible on load"): pages of other sizes than the first moved the place set at
  // 'pagesinit', so it is set again. Without this its viewer could land pages beside the saved one
  // and never draw it (freeculture.pdf: drawn 320-324 for a place on page 300).
  if (reopenAt && !viewer.hasEqualPageSizes) viewer.scrollPageIntoView({ pageNumber: reopenAt });
});
w.__layoutDone = () => layoutDone;
// pdf.js's own "go to page" (what its toolbar's page field does).
w.__goTo = (n) => (viewer.currentPageNumber = n);

const dataUrl = (dir: string) => new URL(`./pdfjs/${dir}/`, document.baseURI).href;
let opened: Promise<PDFDocumentProxy> | null = null;
async function open(): Promise<void> {
  const doc = await (opened = getDocument({
    url: '/sample.pdf',
    worker,
    cMapUrl: dataUrl('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: dataUrl('standard_fonts'),
    wasmUrl: dataUrl('wasm'),
    iccUrl: dataUrl('iccs'),
    isEvalSupported: false,
  }).promise);
  viewer.setDocument(doc);
  linkService.setDocument(doc);
}

/** What pdf.js's app does when it closes a document: the viewer emptied, the document destroyed (its worker stays). */
function close(): void {
  const doc = opened;
  opened = null;
  viewer.setDocument(null as unknown as PDFDocumentProxy);
  linkService.setDocument(null);
  void doc?.then((d) => d.destroy());
}

if (deferred()) {
  offerOpen(
    probe,
    (page) => {
      reopenAt = page ?? 0;
      void open();
    },
    close,
  );
} else await open();
