/**
 * In-app notices (invitations); the invitation's PDF is InvitationScreen.tsx, the header bell
 * with the unread count is NoticeBell.tsx.
 */
import { useTranslation } from 'react-i18next';
import { ErrorBox, Loading } from '../components/Feedback';
import { formatDateTime } from '../format';
import { currentLocale } from '../i18n';
import { hrefFor } from '../router';
import { useNotices } from './NoticeBell';
import { secretariatHref } from './routes';

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
