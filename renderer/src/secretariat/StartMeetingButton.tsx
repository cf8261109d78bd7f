/**
 * "Bắt đầu họp": the chair or the secretariat sets a published meeting in progress; every
 * member's client receives the status by live poke. Ending is closing (CloseSection).
 */
import { useTranslation } from 'react-i18next';
import type { Meeting } from '../../../shared/entities';
import { meetingMutations } from './mutations';
import { useSaver } from './Saver';

export function StartMeetingButton({ meeting }: { meeting: Pick<Meeting, 'id' | 'status' | 'revision'> }) {
  const { t } = useTranslation();
  const saver = useSaver('start-status');
  if (meeting.status !== 'published') return null;
  return (
    <span className="start-meeting">
      <button
        type="button"
        className="btn btn-primary"
        disabled={saver.busy}
        data-testid="start-meeting"
        onClick={() =>
          window.confirm(t('secretariat.start.confirm')) &&
          void saver.save((b) => [meetingMutations.start(meeting.id, b ?? meeting.revision)])
        }
      >
        {t('secretariat.start.button')}
      </button>
      {saver.view}
    </span>
  );
}
