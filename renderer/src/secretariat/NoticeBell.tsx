/**
 * The header's link to the notices with the unread count: part of the first screen, so a module
 * of its own, without the notices screen's mutations (and the message schemas they load).
 */
import { useTranslation } from 'react-i18next';
import type { NoticeView } from '../../../shared/secretariat-bridge';
import { touchesKinds } from '../../../shared/rules/cache-changes';
import { invoke } from '../bridge';
import { useBridgeData } from '../hooks';
import { secretariatHref } from './routes';

/** The notices, each with its meeting's title: read again when a notice or a meeting changes. */
export const useNotices = () => useBridgeData<NoticeView[]>(() => invoke('notices.list', {}), [], (c) => touchesKinds(c, ['notice', 'meeting']));

/** Header link with the number of unread notices (desktop notifications: renderer/src/notifications/). */
export function NoticeBell() {
  const { t } = useTranslation();
  // The count alone, read again only when a notice changes.
  const { data } = useBridgeData(() => invoke('notices.unreadCount', {}), [], (c) => touchesKinds(c, ['notice']));
  const unread = data ?? 0;
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
