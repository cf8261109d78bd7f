import postcss, { type Rule } from 'postcss';
import type { Plugin } from 'vite';

/**
 * pdf.js's stylesheet as the reader imports it (renderer/src/pdf/pdfjs.ts): with this query, so
 * that a plain import of it (pdf.js's own viewer in bench/reader) still gets all of it.
 */
const PDF_VIEWER_CSS = /[\\/]pdfjs-dist[\\/]web[\\/]pdf_viewer\.css\?text-layer-only$/;
/** Its rules the reader uses: pdf.js's text layer (selection, find highlights), drawn by pdf.js's TextLayer. */
const TEXT_LAYER = /\.textLayer\b/;
/** …but not those of the parts of pdf.js's own viewer the reader does not use (its annotation editors and layer). */
const NOT_USED = /editToolbar|annotationEditorLayer|annotationLayer|\.highlighting\b/;

/**
 * Keeps only the text layer's rules of pdf.js's stylesheet, and the custom properties they read:
 * the rest (its viewer's toolbar, dialogs, annotation editors, with their pictures) is ~90% of its
 * 230 KB, which the reader's chunk would otherwise make the browser load and parse (~10–20 ms of
 * the main thread) before the reader's code can run.
 */
export function textLayerCss(css: string): string {
  const root = postcss.parse(css);
  const isRoot = (rule: Rule) => rule.selectors.every((s) => s.trim() === ':root');
  root.walkRules((rule) => {
    if (isRoot(rule)) return;
    const kept = rule.selectors.filter((s) => TEXT_LAYER.test(s) && !NOT_USED.test(s));
    if (kept.length === 0) rule.remove();
    else rule.selectors = kept;
  });
  // The custom properties the kept rules read (and the ones those read), set on :root.
  const wanted = new Set<string>();
  const readBy = (value: string) => [...value.matchAll(/var\(\s*(--[\w-]+)/g)].map((m) => m[1]);
  root.walkRules((rule) => {
    if (!isRoot(rule)) rule.walkDecls((d) => readBy(d.value).forEach((v) => wanted.add(v)));
  });
  const rootDecls = new Map<string, string[]>();
  root.walkRules((rule) => {
    if (!isRoot(rule)) return;
    rule.walkDecls((d) => {
      if (d.prop.startsWith('--')) rootDecls.set(d.prop, [...(rootDecls.get(d.prop) ?? []), d.value]);
    });
  });
  for (let grew = true; grew; ) {
    grew = false;
    for (const name of [...wanted]) {
      for (const value of rootDecls.get(name) ?? []) {
        for (const v of readBy(value)) {
          if (wanted.has(v)) continue;
          wanted.add(v);
          grew = true;
        }
      }
    }
  }
  root.walkRules((rule) => {
    if (!isRoot(rule)) return;
    rule.walkDecls((d) => {
      if (!wanted.has(d.prop)) d.remove();
    });
    if (rule.nodes.length === 0) rule.remove();
  });
  // At-rules (@media, @supports) left without rules.
  for (let removed = true; removed; ) {
    removed = false;
    root.walkAtRules((at) => {
      if (at.nodes && at.nodes.length === 0) {
        at.remove();
        removed = true;
      }
    });
  }
  return root.toString();
}

/** `pdfjs-dist/web/pdf_viewer.css?text-layer-only` is only its text layer's rules (see textLayerCss). */
export function pdfjsTextLayerCss(): Plugin {
  return {
    name: 'ecabinet-pdfjs-text-layer-css',
    enforce: 'pre',
    transform(code, id) {
      return PDF_VIEWER_CSS.test(id) ? { code: textLayerCss(code), map: null } : undefined;
    },
  };
}
