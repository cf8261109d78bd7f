/** Header link "Lấy ý kiến" with the number of requests still waiting for this user's answer. */
import { useTranslation } from 'react-i18next';
import { invoke } from '../bridge';
import { changesOpinions } from '../../../shared/rules/cache-changes';
import { useBridgeData } from '../hooks';
import { opinionsHref } from './routes';

export function OpinionsNavLink() {
  const { t } = useTranslation();
  const { data } = useBridgeData(() => invoke('opinions.list', {}), [], changesOpinions);
  const waiting = (data ?? []).filter((r) => r.asked && r.open && (r.mine.state === 'none' || r.mine.state === 'refused')).length;
  return (
    <a className="btn btn-ghost" href={opinionsHref.inbox()} data-testid="nav-opinions" title={waiting ? t('writtenOpinions.navOpen', { count: waiting }) : undefined}>
      {t('writtenOpinions.nav')}
      {/* A span's aria-label is not read: the number is said in words after the visible name. */}
      {waiting > 0 && (
        <>
          <span className="nav-count" data-testid="nav-opinions-count" aria-hidden="true">
            {waiting}
          </span>
          <span className="sr-only">{` ${t('writtenOpinions.navOpen', { count: waiting })}`}</span>
        </>
      )}
    </a>
  );
}
