/** What is drawn over each page: the screen's own layers (annotations) under the confidential watermark. */
import { useMemo } from 'react';
import type { RenderPageOverlay } from '../PdfPage';
import { Watermark } from '../Watermark';

export function usePageOverlay(renderPageOverlay: RenderPageOverlay | undefined, watermarkText: string | null): RenderPageOverlay | undefined {
  // Memoized so the pages (memo components) are not redrawn on every viewer render.
  return useMemo<RenderPageOverlay | undefined>(() => {
    if (!watermarkText && !renderPageOverlay) return undefined;
    return (ctx) => (
      <>
        {renderPageOverlay?.(ctx)}
        {watermarkText && <Watermark text={watermarkText} />}
      </>
    );
  }, [watermarkText, renderPageOverlay]);
}
