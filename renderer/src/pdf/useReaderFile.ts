/**
 * A reader screen's answer naming its PDF (`documents.open`, `notices.open`, `opinions.openFile`,
 * `signing.open`), loaded as useBridgeData loads anything: pdf.js starts on the PDF as soon as the
 * answer is in (pdfjs.ts preopenPdf), before React renders the reader, unless it is the PDF shown
 * already (a re-read: the viewer keeps its document); and the answer is shown as a transition, so
 * pdf.js's worker messages are handled while the reader renders.
 */
import { useRef } from 'react';
import type { BridgeEventPayload } from '../../../shared/bridge';
import { useBridgeData, type Loaded } from '../hooks';
import { preopenPdf } from './pdfjs';

export function useReaderFile<T extends { url: string }>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  isRelevant?: (change: BridgeEventPayload<'data.changed'>) => boolean,
): Loaded<T> {
  const shown = useRef<string | null>(null);
  const loaded = useBridgeData(
    () =>
      load().then((answer) => {
        if (answer.url !== shown.current) preopenPdf(answer.url);
        return answer;
      }),
    deps,
    isRelevant,
    undefined,
    { transition: true },
  );
  shown.current = loaded.data?.url ?? null;
  return loaded;
}
