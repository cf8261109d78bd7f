import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PDFDocumentProxy } from './pdfjs';

type OutlineNode = Awaited<ReturnType<PDFDocumentProxy['getOutline']>>[number];

/** The page number (1-based) an outline entry points to, or null. */
async function destinationPage(pdf: PDFDocumentProxy, dest: OutlineNode['dest']): Promise<number | null> {
  const explicit = typeof dest === 'string' ? await pdf.getDestination(dest) : dest;
  if (!Array.isArray(explicit) || explicit.length === 0) return null;
  const target = explicit[0];
  if (typeof target === 'number') return target + 1;
  if (target && typeof target === 'object') return (await pdf.getPageIndex(target as { num: number; gen: number })) + 1;
  return null;
}

/** The document outline (bookmarks) as a tree; a click goes to the entry's page. */
export function Outline({ pdf, onSelect }: { pdf: PDFDocumentProxy; onSelect: (page: number) => void }) {
  const { t } = useTranslation();
  const [outline, setOutline] = useState<OutlineNode[] | null | 'loading'>('loading');
  useEffect(() => {
    let live = true;
    pdf.getOutline().then(
      (o) => live && setOutline(o && o.length ? o : null),
      () => live && setOutline(null),
    );
    return () => {
      live = false;
    };
  }, [pdf]);

  if (outline === 'loading') return null;
  if (!outline) return <p className="pdf-outline-empty muted">{t('reader.noOutline')}</p>;
  const go = (node: OutlineNode) => {
    destinationPage(pdf, node.dest).then(
      (page) => page && onSelect(page),
      (e: unknown) => console.warn('outline destination failed', e),
    );
  };
  const render = (nodes: OutlineNode[]) => (
    <ul>
      {nodes.map((n, i) => (
        <li key={i}>
          <button type="button" className="pdf-outline-item" data-testid="outline-item" onClick={() => go(n)}>
            {n.title}
          </button>
          {n.items?.length ? render(n.items) : null}
        </li>
      ))}
    </ul>
  );
  return <nav className="pdf-outline" data-testid="outline">{render(outline)}</nav>;
}
