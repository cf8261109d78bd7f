/** The verdict panel for any document of a meeting (opened from the "Chữ ký số" badge). */
import { useTranslation } from 'react-i18next';
import { invoke } from '../bridge';
import { ErrorBox, Loading } from '../components/Feedback';
import { useBridgeData } from '../hooks';
import { hrefFor } from '../router';
import { VerdictPanel } from './VerdictPanel';

export function VerifyDocumentScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const doc = useBridgeData(() => invoke('documents.open', { id }), [id], () => false);
  const report = useBridgeData(() => invoke('signing.verify', { documentId: id }), [id, doc.data?.document.sha256], () => false);
  return (
    <div className="page verify-page" data-testid="verify-screen">
      {doc.data && (
        <a className="back-link" href={hrefFor.meeting(doc.data.document.meetingId)}>
          <span aria-hidden="true">← </span>
          {t('app.backToList')}
        </a>
      )}
      {doc.data && <h1 className="page-title">{t('signing.panel.screenTitle', { title: doc.data.document.title })}</h1>}
      {doc.data && <a href={hrefFor.document(id)}>{doc.data.document.title}</a>}
      {(doc.loading || report.loading) && <Loading label={t('signing.panel.verifying')} />}
      {doc.error && <ErrorBox error={doc.error} onRetry={doc.reload} />}
      {report.error && <ErrorBox error={report.error} onRetry={report.reload} />}
      {report.data && <VerdictPanel report={report.data} />}
    </div>
  );
}
