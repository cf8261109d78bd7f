import { useCallback, useMemo } from 'react';
import type { MeetingDetail } from '../../../shared/bridge';
import { changesMeetingDocuments, changesMeetingHead, composeMeetingDetail } from '../../../shared/rules/meeting-detail';
import { invoke } from '../bridge';
import { useBridgeData, type Loaded } from '../hooks';

/**
 * A meeting with its documents, kept fresh part by part: the head (meeting, participants,
 * agenda) and the document list are read apart and each read again only when a change touches it
 * (shared/rules/meeting-detail.ts), so that an agenda edit in a meeting of thousands of documents
 * does not carry them all across the bridge and through React again. Both first reads go in one
 * bridge request (made in the same task).
 */
export function useMeetingDetail(id: string): Loaded<MeetingDetail> {
  const head = useBridgeData(() => invoke('meetings.head', { id }), [id], (change) => changesMeetingHead(change, id));
  const documents = useBridgeData(() => invoke('meetings.documents', { id }), [id], (change) => changesMeetingDocuments(change, id));
  const data = useMemo(() => (head.data && documents.data ? composeMeetingDetail(head.data, documents.data) : null), [head.data, documents.data]);
  const { reload: reloadHead } = head;
  const { reload: reloadDocuments } = documents;
  const reload = useCallback(() => {
    reloadHead();
    reloadDocuments();
  }, [reloadHead, reloadDocuments]);
  return { data, error: head.error ?? documents.error, loading: head.loading || documents.loading, reload };
}
