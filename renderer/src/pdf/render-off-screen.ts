/**
 * Drawing a page into a canvas that is not shown until it is complete (the reader swaps it in
 * when done). pdf.js draws a page in slices of ~15 ms and waits for an animation frame before each
 * slice, so that a canvas shown while it is drawn updates once per frame; a canvas nobody sees
 * gains nothing from that wait (up to a frame, 16.7 ms, per slice and per chunk of the page's
 * operator list arriving from the worker). Here each slice only yields to the event loop (a
 * MessageChannel task: input, timers and other pages' work still run between slices).
 *
 * It relies on pdf.js's `RenderTask._internalRenderTask._useRequestAnimationFrame` (pdf.js 4–5);
 * if a later pdf.js has no such field, pages are drawn as pdf.js paces them, nothing else changes.
 */
import type { PDFPageProxy, RenderTask } from './pdfjs';

type RenderParameters = Parameters<PDFPageProxy['render']>[0];

const waiting: (() => void)[] = [];
let channel: MessageChannel | null = null;

/** Runs `run` in a task of its own, after what the event loop has queued (no frame waited for). */
function nextTask(run: () => void): void {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  waiting.push(run);
  channel.port2.postMessage(null);
}

interface PacedInternals {
  _internalRenderTask?: { _useRequestAnimationFrame?: unknown };
}

export function renderOffScreen(page: PDFPageProxy, params: RenderParameters): RenderTask {
  const task = page.render(params);
  const internal = (task as unknown as PacedInternals)._internalRenderTask;
  if (internal && typeof internal._useRequestAnimationFrame === 'boolean') {
    // Without frames pdf.js would run every slice in one microtask chain (one long task): the
    // slices are handed back to the event loop through onContinue instead.
    internal._useRequestAnimationFrame = false;
    task.onContinue = (cont: () => void) => nextTask(cont);
  }
  return task;
}
