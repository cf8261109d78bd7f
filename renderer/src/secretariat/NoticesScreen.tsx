/**
 * In-app notices (invitations) and the invitation PDF viewer; the header bell with the unread
 * count is NoticeBell.tsx.
 */
import { lazy, Suspense, useCallback, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../bridge';
import { ErrorBox, Loading } from '../components/Feedback';
import { formatDateTime } from '../format';
import { useBridgeData } from '../hooks';
import { currentLocale } from '../i18n';
import { hrefFor } from '../router';
import { noticeMutations } from './mutations';
import { useNotices } from './NoticeBell';
import { secretariatHref } from './routes';
import { submit } from './util';

const PdfViewer = lazy(() => import('../pdf/PdfViewer').then((m) => ({ default: m.PdfViewer })));

export function NoticesScreen() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { data, error, loading, reload } = useNotices();
  return (
    <div className="page" data-testid="notices-screen">
      <h1 className="page-title">{t('secretariat.notice.title')}</h1>
      {loading && <Loading />}
      {error && <ErrorBox error={error} onRetry={reload} />}
      {data && data.length === 0 && <p className="empty">{t('secretariat.notice.empty')}</p>}
      <ul className="sec-list">
        {(data ?? []).map((n) => (
          <li key={n.id} className={`sec-row${n.readAt ? '' : ' unread'}`} data-testid="notice" data-read={n.readAt ? 'true' : 'false'}>
            <div>
              <strong>{t(`secretariat.notice.${n.kind}`, { title: n.meetingTitle ?? n.title })}</strong>
              <div className="muted small">
                {formatDateTime(n.createdAt, locale)}
                {!n.readAt && <> · {t('secretariat.notice.unread')}</>}
              </div>
            </div>
            <div className="row-actions">
              {n.sha256 && (
                <a className="btn btn-small" href={secretariatHref.notice(n.id)} data-testid="open-invitation">
                  {t('secretariat.notice.openInvitation')}
                </a>
              )}
              {n.meetingTitle && (
                <a className="btn btn-small" href={hrefFor.meeting(n.meetingId)}>
                  {t('secretariat.notice.openMeeting')}
                </a>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function InvitationScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useBridgeData(() => invoke('notices.open', { id }), [id], () => false);
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
      {data && (
        <Suspense fallback={<Loading />}>
          <PdfViewer key={data.url} url={data.url} onLoaded={onLoaded} />
        </Suspense>
      )}
    </div>
  );
}
