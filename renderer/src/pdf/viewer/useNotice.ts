/** A short message to the reader (copy blocked, print not allowed) that goes away by itself after a few seconds. */
import { useEffect, useState } from 'react';

const NOTICE_MS = 4000;

export function useNotice() {
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(() => setNotice(null), NOTICE_MS);
    return () => window.clearTimeout(timer);
  }, [notice]);
  return [notice, setNotice] as const;
}
