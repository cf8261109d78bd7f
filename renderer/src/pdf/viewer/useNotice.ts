/**
 * A short message to the reader (copy blocked, print not allowed) that goes away by itself after
 * a few seconds. Kept as what it means (a catalogue key), worded when drawn: a language switch
 * while it shows re-words it instead of leaving the old language's sentence.
 */
import { useEffect, useState } from 'react';
import type { UiMessage } from '../../components/ui-message';

const NOTICE_MS = 4000;

export function useNotice() {
  const [notice, setNotice] = useState<UiMessage | null>(null);
  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(() => setNotice(null), NOTICE_MS);
    return () => window.clearTimeout(timer);
  }, [notice]);
  return [notice, setNotice] as const;
}
