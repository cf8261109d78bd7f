/**
 * The reader takes from pdf.js's stylesheet only its text layer (renderer/vite-pdfjs-css.ts): the
 * rules that keep the selectable words invisible over the drawn page and show find highlights,
 * none of its own viewer's toolbar, dialogs or annotation editors.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { textLayerCss } from '../../renderer/vite-pdfjs-css';

const full = readFileSync(createRequire(import.meta.url).resolve('pdfjs-dist/web/pdf_viewer.css'), 'utf8');
const kept = textLayerCss(full);
const selectors = [...kept.matchAll(/([^{}]+)\{/g)].map((m) => m[1].trim());

describe("pdf.js's stylesheet, text layer only", () => {
  it('keeps the text layer: invisible words, their sizing, find highlights, the end of content', () => {
    for (const s of ['.textLayer', '.textLayer :is(span,br)', '.textLayer .highlight', '.selected:is(.textLayer .highlight)', '.textLayer .endOfContent', '.textLayer ::selection']) {
      expect(selectors, s).toContain(s);
    }
    expect(kept).toMatch(/\.textLayer :is\(span,\s*br\)\s*\{[^}]*color:\s*transparent/);
    expect(kept).toContain('--text-scale-factor');
  });

  it('drops the rest of pdf.js viewer: toolbar, dialogs, sidebar, annotation editors', () => {
    for (const gone of ['.dialog', '.sidebar', '.editToolbar', '.annotationEditorLayer', '.annotationLayer', '#toolbarContainer', 'url(']) expect(kept, gone).not.toContain(gone);
    expect(kept.length).toBeLessThan(full.length / 10);
  });
});
