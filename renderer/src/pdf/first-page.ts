/**
 * The page a reader opens on, asked of pdf.js's worker the moment the document is open, before
 * React has shown the document. Drawing a page starts with the worker building its operator list
 * (decoding its images and fonts: most of a first page's time); the reader's own render of it came
 * only after React had rendered the open document and the page had mounted and taken its turn in
 * the queue, and when the app opens on a document the page's request waited that long behind the
 * app's first render (13–40 ms of React work on a busy main thread, traced).
 *
 * pdf.js shares one operator list between the renders of a page with the same intent: the render
 * started here never draws (it holds pdf.js's continuation), and the reader's render of the page,
 * when it comes, draws from the list already being built. Released once the reader has drawn its
 * first page (or when the document closes: pdf.js cancels its renders then).
 */
import type { PDFDocumentProxy, PDFPageProxy, RenderTask } from 'pdfjs-dist';

/** A canvas as pdf.js takes it (an HTMLCanvasElement in the reader). */
export type PdfCanvas = NonNullable<Parameters<PDFPageProxy['render']>[0]['canvas']>;

const started = new WeakMap<PDFDocumentProxy, RenderTask[]>();

/** Starts the worker on `page` of `doc` now (`canvas`: never drawn on; another for each page). */
export function startFirstPage(doc: PDFDocumentProxy, page: PDFPageProxy, canvas: PdfCanvas): void {
  // The reader renders with pdf.js's defaults (intent 'display', annotations drawn): the same list.
  const task = page.render({ canvas, viewport: page.getViewport({ scale: 1 }) });
  // Called when the list starts to arrive, with what would draw it: never called back.
  task.onContinue = () => undefined;
  task.promise.catch(() => undefined); // cancelled on release
  const tasks = started.get(doc);
  if (tasks) tasks.push(task);
  else started.set(doc, [task]);
}

/** The reader has drawn its first page: the started renders are let go (the lists stay with pdf.js's pages). */
export function releaseFirstPage(doc: PDFDocumentProxy): void {
  for (const task of started.get(doc) ?? []) task.cancel();
  started.delete(doc);
}
