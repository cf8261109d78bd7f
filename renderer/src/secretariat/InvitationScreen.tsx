/**
 * An invitation's PDF (Giấy mời), opened from the notices. Loaded with the reader's code as one
 * lazy screen (SecretariatRoutes.tsx): the route change waits for both with the notices still
 * shown, and the reader draws as soon as the invitation is known. A reader loaded lazily inside
 * the screen instead showed a loading state once the invitation was known, which React then held
 * 300 ms at least.
 */
import { useCallback, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../bridge';
import { ErrorBox, Loading } from '../components/Feedback';
import { PdfViewer } from '../pdf/PdfViewer';
import { useReaderFile } from '../pdf/useReaderFile';
import { noticeMutations } from './mutations';
import { secretariatHref } from './routes';
import { submit } from './util';

export default function InvitationScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useReaderFile(() => invoke('notices.open', { id }), [id], () => false);
  const marked = useRef(false);
  const onLoaded = useCallback(() => {
    if (marked.current || !data || data.notice.readAt) return;
    marked.current = true;
    void submit([noticeMutations.markRead(id)]).catch(() => {});
  }, [data, id]);
  return (
    <div className="page document-page">
      <div className="document-bar">
        <a className="back-link" href={secretariatHref.notices()}>
          <span aria-hidden="true">← </span>
          {t('app.back')}
        </a>
        {data && <h1 className="document-title">{t('secretariat.notice.invitation', { title: data.notice.meetingTitle ?? data.notice.title })}</h1>}
      </div>
      {loading && <Loading />}
      {error && <ErrorBox error={error} onRetry={reload} />}
      {data && <PdfViewer key={data.url} url={data.url} onLoaded={onLoaded} />}
    </div>
  );
}
