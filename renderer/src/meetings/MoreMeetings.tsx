import { useEffect, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { MEETINGS_PAGE, type MeetingBucket } from '../../../shared/rules/meetings';

/**
 * Under a group of a meeting list that holds more meetings than it shows: "Đang hiển thị 10/937
 * cuộc họp" and "Xem thêm 10 cuộc họp" (MEETINGS_PAGE more). Once they come, the focus goes to the
 * first one added (the `itemSelector` items of `list`), so a keyboard or screen reader user goes
 * on where the list did. Nothing when every meeting of the group is shown.
 */
export function MoreMeetings({
  bucket,
  shown,
  total,
  list,
  itemSelector,
  onMore,
}: {
  bucket: MeetingBucket;
  shown: number;
  total: number;
  list: RefObject<HTMLElement | null>;
  itemSelector: string;
  onMore: () => void;
}) {
  const { t } = useTranslation();
  const [focusAt, setFocusAt] = useState<number | null>(null);
  useEffect(() => {
    if (focusAt === null || shown <= focusAt) return;
    list.current?.querySelectorAll<HTMLElement>(itemSelector)[focusAt]?.focus();
    setFocusAt(null);
  }, [focusAt, shown, list, itemSelector]);
  const more = Math.min(MEETINGS_PAGE, total - shown);
  if (more <= 0) return null;
  return (
    <div className="bucket-more" data-testid={`bucket-more-${bucket}`}>
      <span className="muted" role="status">
        {t('meetings.shownOf', { shown, total })}
      </span>
      <button
        type="button"
        className="btn btn-small"
        data-testid="meetings-show-more"
        onClick={() => {
          setFocusAt(shown);
          onMore();
        }}
      >
        {t('meetings.showMore', { count: more })}
      </button>
    </div>
  );
}
