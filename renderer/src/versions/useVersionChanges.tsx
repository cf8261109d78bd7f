/** The reader's part of "what changed": margin marks over each page (with the screen's other layers) and the bar above the pages. */
import { useMemo, type ReactNode } from 'react';
import type { LocalDocument } from '../../../shared/bridge';
import type { RenderPageOverlay } from '../pdf/PdfPage';
import { useChangeMarks } from './ChangeMarks';
import { useVersionDiff } from './useVersionDiff';
import { VersionChangesBar } from './VersionChangesBar';

export function useVersionChanges(
  doc: LocalDocument,
  selected: number | null,
  otherLayers: RenderPageOverlay | undefined,
): { renderPageOverlay: RenderPageOverlay | undefined; bar: ReactNode } {
  const { data } = useVersionDiff(doc.id, doc.version > 1);
  const marks = useChangeMarks(data, selected);
  const renderPageOverlay = useMemo<RenderPageOverlay | undefined>(() => {
    if (!marks) return otherLayers;
    if (!otherLayers) return marks;
    return (ctx) => (
      <>
        {otherLayers(ctx)}
        {marks(ctx)}
      </>
    );
  }, [marks, otherLayers]);
  return { renderPageOverlay, bar: <VersionChangesBar diff={data} selected={selected} /> };
}
