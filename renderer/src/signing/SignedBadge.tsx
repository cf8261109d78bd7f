/** The "Chữ ký số" badge on signed documents of a meeting page; it opens the verdict panel. */
import { useTranslation } from 'react-i18next';
import { changesMeetingDocuments } from '../../../shared/rules/meeting-detail';
import { invoke } from '../bridge';
import { useBridgeData } from '../hooks';
import { signingHref } from './routes';

/** Ids of the meeting's documents whose cached file carries a signature. */
export function useSignedDocuments(meetingId: string): ReadonlySet<string> {
  const { data } = useBridgeData(
    () => invoke('signing.signedDocuments', { meetingId }),
    [meetingId],
    // Whether a file carries a signature changes with the documents' files only.
    (change) => changesMeetingDocuments(change, meetingId),
  );
  return new Set(data ?? []);
}

export function SignedBadge({ documentId }: { documentId: string }) {
  const { t } = useTranslation();
  return (
    <a className="badge signed-badge" href={signingHref.verify(documentId)} title={t('signing.panel.badgeHint')} data-testid="signed-badge">
      {t('signing.panel.badge')}
    </a>
  );
}
