/** The changes of a document's current version, read again while they are being prepared. */
import { touchesKinds } from '../../../shared/rules/cache-changes';
import { useEffect, useRef } from 'react';
import type { VersionDiff } from '../../../shared/version-diff';
import { invoke, subscribe } from '../bridge';
import { useBridgeData, type Loaded } from '../hooks';

/**
 * `enabled` false (a document with one version) asks nothing. While the answer is `pending`
 * (previous version downloading, texts being read) it is asked again whenever the search
 * index or the cache changed.
 */
export function useVersionDiff(documentId: string, enabled = true): Loaded<VersionDiff | null> {
  const loaded = useBridgeData<VersionDiff | null>(
    () => (enabled ? invoke('versions.diff', { documentId }) : Promise.resolve(null)),
    [documentId, enabled],
    // A new version, or a file cached: not an annotation or a "viewed" mark.
    (c) => touchesKinds(c, ['document', 'documentVersion']),
  );
  const pending = loaded.data?.status === 'pending';
  const reload = useRef(loaded.reload);
  reload.current = loaded.reload;
  useEffect(() => {
    if (!pending) return;
    return subscribe('search.indexed', () => reload.current());
  }, [pending]);
  return loaded;
}
