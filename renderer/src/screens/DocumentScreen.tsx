import { useCallback, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpenedDocument } from '../../../shared/bridge';
import { invoke } from '../bridge';
import { ClassificationBadge } from '../components/Badges';
import { ErrorBox, Loading } from '../components/Feedback';
import { useBridgeData } from '../hooks';
import { PdfViewer } from '../pdf/PdfViewer';
import { hrefFor } from '../router';

/** Opening may download the file first; without a network that is a specific, explainable failure. */
const UNREACHABLE = new Set(['offline', 'server_unreachable']);

export default function DocumentScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const meetingId = useRef<string | null>(null);
  const { data, error, loading, reload } = useBridgeData<OpenedDocument>(
    () => invoke('documents.open', { id }),
    [id],
    // A new version may have arrived: re-open (the viewer reloads only if the URL changed).
    (change) => change.meetingIds.length === 0 || (meetingId.current !== null && change.meetingIds.includes(meetingId.current)),
  );
  if (data) meetingId.current = data.document.meetingId;

  const marked = useRef<string | null>(null);
  const version = data?.document.version;
  const onLoaded = useCallback(() => {
    const key = `${id}@${version}`;
    if (marked.current === key) return;
    marked.current = key;
    invoke('documents.markViewed', { id }).catch((e: unknown) => console.warn('markViewed failed', e));
  }, [id, version]);

  const doc = data?.document;
  return (
    <div className="page document-page">
      <div className="document-bar">
        <a
          className="back-link"
          href={doc ? hrefFor.meeting(doc.meetingId) : hrefFor.meetings()}
          data-testid="back-to-meeting"
          onClick={(e) => {
            if (!doc) {
              e.preventDefault();
              window.history.back();
            }
          }}
        >
          <span aria-hidden="true">← </span>
          {t('app.back')}
        </a>
        {doc && (
          <div className="document-heading">
            <h1 className="document-title" data-testid="document-title" title={doc.title}>
              {doc.title}
            </h1>
            <ClassificationBadge classification={doc.classification} />
            <span className="muted">{t('document.version', { version: doc.version })}</span>
          </div>
        )}
      </div>
      {loading && <Loading label={t('document.loading')} />}
      {error && (
        <ErrorBox error={error} onRetry={reload} text={UNREACHABLE.has(error.code) ? t('document.unavailableOffline') : undefined} />
      )}
      {data && <PdfViewer key={data.url} url={data.url} onLoaded={onLoaded} />}
    </div>
  );
}
