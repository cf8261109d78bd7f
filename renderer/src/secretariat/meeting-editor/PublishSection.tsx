/** Publishing a draft (refusals list every reason), then when it was published and the "start meeting" button. */
import { useTranslation } from 'react-i18next';
import type { MeetingDetail } from '../../../../shared/bridge';
import { formatDateTime } from '../../format';
import { currentLocale } from '../../i18n';
import { meetingMutations } from '../mutations';
import { useSaver } from '../Saver';
import { StartMeetingButton } from '../StartMeetingButton';

export function PublishSection({ detail }: { detail: MeetingDetail }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const m = detail.meeting;
  const saver = useSaver('publish-status');
  return (
    <section className="editor-section" aria-labelledby="sec-publish">
      <h2 id="sec-publish">{t('secretariat.publish.title')}</h2>
      {m.status === 'draft' ? (
        <>
          <p className="muted">{t('secretariat.publish.draftHint')}</p>
          <button type="button" className="btn btn-primary" onClick={() => saver.save((b) => [meetingMutations.publish(m.id, b ?? m.revision)])} data-testid="publish">
            {t('secretariat.publish.button')}
          </button>
        </>
      ) : (
        <>
          <p data-testid="published-note">{t('secretariat.publish.done', { time: m.publishedAt ? formatDateTime(m.publishedAt, locale) : '—' })}</p>
          {m.status === 'in_progress' && <p data-testid="started-note">{t('secretariat.start.started')}</p>}
          <StartMeetingButton meeting={m} />
        </>
      )}
      {saver.view}
    </section>
  );
}
