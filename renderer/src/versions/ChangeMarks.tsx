/**
 * The changed passages of the new version marked in the page margin of the reader: a bar beside
 * the lines of each change (red for a removal, where the text was). Placed by the page's own
 * text (pdf.js items joined by shared/text/page-text.ts, the offsets the comparison gives).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { joinPageText, TEXT_CONTENT_OPTIONS } from '../../../shared/text/page-text';
import type { PageSpan, VersionChange, VersionDiff } from '../../../shared/version-diff';
import type { PageOverlayContext } from '../pdf/page-coords';
import { toPageRect } from '../pdf/page-coords';
import type { RenderPageOverlay } from '../pdf/PdfPage';

interface Mark {
  change: VersionChange;
  span: PageSpan;
}

interface Box {
  index: number;
  kind: VersionChange['kind'];
  top: number;
  height: number;
}

interface PositionedItem {
  str?: string;
  transform?: number[];
  width?: number;
  height?: number;
}

/** Per page, the changes to mark there. */
function marksByPage(diff: VersionDiff | null): Map<number, Mark[]> {
  const out = new Map<number, Mark[]>();
  if (diff?.status !== 'ready') return out;
  for (const change of diff.changes)
    for (const span of change.spans) {
      const list = out.get(span.page) ?? [];
      list.push({ change, span });
      out.set(span.page, list);
    }
  return out;
}

/** The overlay layer of every page; `selected` is the change the reader jumped to (its bar stands out and scrolls into view). */
export function useChangeMarks(diff: VersionDiff | null, selected: number | null): RenderPageOverlay | undefined {
  const byPage = useMemo(() => marksByPage(diff), [diff]);
  return useMemo<RenderPageOverlay | undefined>(() => {
    if (byPage.size === 0) return undefined;
    return (ctx) => {
      const marks = byPage.get(ctx.pageNumber);
      return marks ? <PageChangeMarks key="version-changes" ctx={ctx} marks={marks} selected={selected} /> : null;
    };
  }, [byPage, selected]);
}

function PageChangeMarks({ ctx, marks, selected }: { ctx: PageOverlayContext; marks: Mark[]; selected: number | null }) {
  const { t } = useTranslation();
  const [boxes, setBoxes] = useState<Box[]>([]);
  const { pdf, pageNumber, viewport } = ctx;
  useEffect(() => {
    if (!viewport) return;
    let live = true;
    (async () => {
      const page = await pdf.getPage(pageNumber);
      const items = (await page.getTextContent(TEXT_CONTENT_OPTIONS)).items as PositionedItem[];
      const runs = items.filter((it) => typeof it.str === 'string');
      const { runStarts, runLengths } = joinPageText(items);
      const next: Box[] = [];
      for (const { change, span } of marks) {
        let top = Infinity;
        let bottom = -Infinity;
        // A removal (empty span) is shown on the line of the text that follows it.
        const end = span.end > span.start ? span.end : span.start + 1;
        runs.forEach((run, i) => {
          const from = runStarts[i];
          const to = from + Math.max(1, runLengths[i]);
          if (to <= span.start || from >= end || !run.str) return;
          const [, , c, d, x, y] = run.transform ?? [1, 0, 0, 1, 0, 0];
          const h = run.height || Math.hypot(c, d) || 10;
          const r = toPageRect(viewport, [x, y, x + (run.width ?? 0), y + h]);
          top = Math.min(top, r.top);
          bottom = Math.max(bottom, r.top + r.height);
        });
        if (top < bottom) next.push({ index: change.index, kind: change.kind, top, height: bottom - top });
      }
      if (live) setBoxes(next);
    })().catch((e: unknown) => console.warn(`marking the changes of page ${pageNumber} failed`, e));
    return () => {
      live = false;
    };
  }, [pdf, pageNumber, viewport, marks]);

  const selectedRef = useRef<HTMLDivElement | null>(null);
  const scrolledTo = useRef<number | null>(null);
  useEffect(() => {
    if (selected === null || scrolledTo.current === selected || !selectedRef.current) return;
    scrolledTo.current = selected;
    selectedRef.current.scrollIntoView({ block: 'center', inline: 'nearest' });
  }, [boxes, selected]);

  return (
    <>
      {boxes.map((b) => (
        <div
          key={`${b.index}-${b.top}`}
          ref={b.index === selected ? selectedRef : undefined}
          className={`change-mark kind-${b.kind}${b.index === selected ? ' selected' : ''}`}
          style={{ top: `${b.top}px`, height: `${Math.max(b.height, 6)}px` }}
          data-testid="change-mark"
          data-change-index={b.index}
          data-kind={b.kind}
          title={`${t('versions.margin')} — ${t(`versions.kind.${b.kind}`)}`}
        />
      ))}
    </>
  );
}
