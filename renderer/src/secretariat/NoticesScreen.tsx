/**
 * In-app notices (invitations), the header bell with the unread count, and the invitation PDF
 * viewer.
 */
import { lazy, Suspense, useCallback, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { NoticeView } from '../../../shared/secretariat-bridge';
import { invoke } from '../bridge';
import { ErrorBox, Loading } from '../components/Feedback';
import { formatDateTime } from '../format';
import { useBridgeData } from '../hooks';
import { currentLocale } from '../i18n';
import { hrefFor } from '../router';
import { noticeMutations } from './mutations';
import { secretariatHref } from './routes';
import { submit } from './util';

const PdfViewer = lazy(() => import('../pdf/PdfViewer').then((m) => ({ default: m.PdfViewer })));

const useNotices = () => useBridgeData<NoticeView[]>(() => invoke('notices.list', {}), [], (c) => c.entities.includes('notice') || c.entities.includes('meeting') || c.entities.length === 0);

/** Header link with the number of unread notices (desktop notifications: renderer/src/notifications/). */
export function NoticeBell() {
  const { t } = useTranslation();
  const { data } = useNotices();
  const unread = (data ?? []).filter((n) => !n.readAt).length;
  return (
    // The spoken name starts with the visible word, so "Thông báo" said aloud (voice control) finds it.
    <a className="btn btn-ghost notice-bell" href={secretariatHref.notices()} data-testid="notice-bell" data-unread={unread}>
      {t('secretariat.notices')}
      {unread > 0 && (
        <>
          <span className="badge unread-count" aria-hidden="true">
            {unread}
          </span>
          <span className="sr-only">{` ${t('secretariat.noticesUnread', { count: unread })}`}</span>
        </>
      )}
    </a>
  );
}

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
