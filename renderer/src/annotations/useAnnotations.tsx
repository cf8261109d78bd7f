/**
 * Private annotations in the reader: loads them (and the copies shared in the meeting), gives
 * the viewer its per-page layer, the tools for its toolbar and the side panel.
 */
import { touchesKinds } from '../../../shared/rules/cache-changes';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageViewport } from 'pdfjs-dist';
import { AnnotationColor, pageOf } from '../../../shared/annotations';
import type { AnnotationView, DocumentAnnotations } from '../../../shared/annotations-bridge';
import type { LocalDocument } from '../../../shared/bridge';
import { invoke } from '../bridge';
import { useBridgeData } from '../hooks';
import { keyMessage, messageText, type UiMessage } from '../components/ui-message';
import type { RenderPageOverlay } from '../pdf/PdfPage';
import { AnnotationLayer, type NewShape, type Tool } from './AnnotationLayer';
import { AnnotationPanel } from './AnnotationPanel';
import { AnnotationToolbar } from './AnnotationToolbar';
import { quoteOfSelection, selectedTexts } from './selection';
import './annotations.css';

export interface AnnotationTools {
  renderPageOverlay: RenderPageOverlay;
  toolbar: ReactNode;
  panel: ReactNode;
}

export function useAnnotations(doc: LocalDocument, canExport: boolean, jumpTo: (page: number) => void): AnnotationTools {
  const { t } = useTranslation();
  const { data } = useBridgeData<DocumentAnnotations>(
    () => invoke('annotations.list', { documentId: doc.id }),
    [doc.id, doc.version],
    (c) => touchesKinds(c, ['annotation', 'document']),
  );
  const [tool, setTool] = useState<Tool>('select');
  const [color, setColor] = useState<AnnotationColor>('yellow');
  const [panelOpen, setPanelOpen] = useState(true);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // A key, worded when drawn: a language switch re-words it.
  const [notice, setNotice] = useState<UiMessage | null>(null);
  const [includeShared, setIncludeShared] = useState(false);
  const viewports = useRef(new Map<number, PageViewport>());
  const textItems = useRef(new Map<number, () => Promise<readonly unknown[]>>());

  const fail = useCallback(
    (e: unknown) => {
      console.warn('annotation failed', e);
      setNotice(keyMessage('annotations.failed'));
    },
    [],
  );

  const highlightSelection = useCallback((): boolean => {
    // A selection across pages becomes one highlight per page (each anchored to its own text).
    const parts = selectedTexts((p) => viewports.current.get(p) ?? null);
    if (parts.length === 0) return false;
    window.getSelection()?.removeAllRanges();
    (async () => {
      let first: string | null = null;
      for (const sel of parts) {
        // Which occurrence was selected, in the page text find and search use: the highlight
        // follows that one to new versions. Without it (text not readable) the first one is taken.
        const items = await textItems.current.get(sel.page)?.().catch(() => null);
        const q = items ? quoteOfSelection(items, sel) : null;
        const anchor = q ? { prefix: q.prefix, suffix: q.suffix, start: q.start, end: q.end, occurrence: q.occurrence } : undefined;
        const exact = q?.exact.slice(0, 5000) ?? sel.exact;
        const a = await invoke('annotations.create', { documentId: doc.id, kind: 'highlight', color, page: sel.page, exact, anchor, geometry: { quads: sel.quads } });
        first ??= a.id;
      }
      if (first) setSelectedId(first);
    })().catch(fail);
    return true;
  }, [doc.id, color, fail]);

  // In highlight mode every finished selection becomes a highlight.
  useEffect(() => {
    if (tool !== 'highlight') return;
    const onUp = () => window.setTimeout(highlightSelection, 0);
    document.addEventListener('mouseup', onUp);
    return () => document.removeEventListener('mouseup', onUp);
  }, [tool, highlightSelection]);

  const onCreate = useCallback(
    (s: NewShape) => {
      invoke('annotations.create', {
        documentId: doc.id,
        kind: s.kind,
        color,
        page: s.page,
        geometry: s.kind === 'ink' ? { paths: s.paths } : { rect: s.rect },
      }).then((a) => {
        setSelectedId(a.id);
        setPanelOpen(true);
        // A note or a text box is written next, in the panel; drawing goes on.
        if (s.kind !== 'ink') setTool('select');
      }, fail);
    },
    [doc.id, color, fail],
  );

  const onChangeRect = useCallback(
    (id: string, rect: [number, number, number, number]) => {
      invoke('annotations.update', { id, rect }).catch(fail);
    },
    [fail],
  );

  const byPage = useMemo(() => {
    const mine = new Map<number, AnnotationView[]>();
    const shared = new Map<number, AnnotationView[]>();
    for (const [list, map] of [
      [data?.mine ?? [], mine],
      [data?.shared ?? [], shared],
    ] as const) {
      for (const a of list) {
        const p = pageOf(a.annotation);
        map.set(p, [...(map.get(p) ?? []), a]);
      }
    }
    return { mine, shared };
  }, [data]);

  const renderPageOverlay = useCallback<RenderPageOverlay>(
    (ctx) => {
      if (ctx.viewport) viewports.current.set(ctx.pageNumber, ctx.viewport);
      textItems.current.set(ctx.pageNumber, ctx.textItems);
      return (
        <AnnotationLayer
          ctx={ctx}
          mine={byPage.mine.get(ctx.pageNumber) ?? []}
          shared={byPage.shared.get(ctx.pageNumber) ?? []}
          tool={tool}
          color={color}
          selectedId={selectedId}
          onCreate={onCreate}
          onSelect={(id) => {
            setSelectedId(id);
            setPanelOpen(true);
          }}
          onChangeRect={onChangeRect}
        />
      );
    },
    [byPage, tool, color, selectedId, onCreate, onChangeRect],
  );

  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(() => setNotice(null), 4000);
    return () => window.clearTimeout(timer);
  }, [notice]);

  const exportCopy = useCallback(async () => {
    if (!canExport) {
      setNotice(keyMessage('annotations.exportDisabled'));
      return;
    }
    setNotice(keyMessage('annotations.exporting'));
    try {
      const out = await invoke('annotations.export', { documentId: doc.id, includeShared });
      const bytes = Uint8Array.from(atob(out.base64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = out.fileName;
      document.body.append(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setNotice(keyMessage('annotations.exported', { count: out.count }));
    } catch (e) {
      fail(e);
    }
  }, [canExport, doc.id, includeShared, fail]);

  const toolbar = (
    <AnnotationToolbar
      tool={tool}
      color={color}
      onTool={(next) => {
        // "Highlight" with text already selected highlights it at once.
        if (next === 'highlight' && highlightSelection()) return;
        setTool((cur) => (cur === next ? 'select' : next));
      }}
      onColor={setColor}
      panelOpen={panelOpen}
      onTogglePanel={() => setPanelOpen((o) => !o)}
      canExport={canExport}
      onExport={() => void exportCopy()}
      includeShared={includeShared}
      onIncludeShared={setIncludeShared}
      notice={notice ? messageText(t, notice) : (tool === 'highlight' ? t('annotations.highlightHint') : tool === 'note' || tool === 'textbox' ? t('annotations.placeHint') : null)}
    />
  );

  const panel = panelOpen ? (
    <AnnotationPanel
      data={data}
      selectedId={selectedId}
      onSelect={setSelectedId}
      onJump={jumpTo}
      onFail={fail}
    />
  ) : null;

  return { renderPageOverlay, toolbar, panel };
}
