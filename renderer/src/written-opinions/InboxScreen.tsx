/** "Lấy ý kiến": the requests this user was asked (or, for the secretariat, every request). */
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../shared/bridge';
import { isSecretariat } from '../../../shared/rules/meetings';
import { invoke } from '../bridge';
import { ErrorBox, Loading } from '../components/Feedback';
import { formatDateTime } from '../format';
import { changesOpinions } from '../../../shared/rules/cache-changes';
import { useBridgeData } from '../hooks';
import { currentLocale } from '../i18n';
import { opinionsHref } from './routes';
import { Countdown, MyState } from './parts';
import { activeRole } from '../organisations';

export function InboxScreen({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { data, error, loading, reload } = useBridgeData(() => invoke('opinions.list', {}), [], changesOpinions);
  return (
    <div className="page" data-testid="opinions-inbox">
      <div className="opinion-head">
        <h1 className="page-title">{t('writtenOpinions.inboxTitle')}</h1>
        {isSecretariat(activeRole(session)) && (
          <a className="btn btn-primary" href={opinionsHref.send()} data-testid="opinion-new">
            {t('writtenOpinions.newRequest')}
          </a>
        )}
      </div>
      {loading && <Loading />}
      {error && <ErrorBox error={error} onRetry={reload} />}
      {data && data.length === 0 && <p className="empty">{t('writtenOpinions.empty')}</p>}
      {data && data.length > 0 && (
        <ul className="opinion-list">
          {data.map((r) => (
            <li key={r.id} className="opinion-item" data-testid="opinion-item" data-request-id={r.id} data-status={r.status}>
              <a href={opinionsHref.request(r.id)}>
                <span>{r.title}</span>
                <span className={`badge opinion-${r.status}`}>{t(`writtenOpinions.status.${r.status}`)}</span>
              </a>
              <div className="muted small">
                {t('writtenOpinions.deadline', { date: formatDateTime(r.deadline, locale) })} · <Countdown deadline={r.deadline} />
                {' · '}
                {t('writtenOpinions.progress', { answered: r.answeredCount, total: r.recipientCount })}
              </div>
              {r.asked && <MyState view={r} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
