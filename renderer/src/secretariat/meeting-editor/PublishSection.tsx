/**
 * Publishing a draft, then when it was published and the "start meeting" button. What still
 * blocks publishing is said inline when the secretary tries, and follows the meeting as it is
 * edited: adding the chair clears "no chair" at once.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingDetail } from '../../../../shared/bridge';
import { publishBlockers } from '../../../../shared/rules/publishing';
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
  const [attempted, setAttempted] = useState(false);
  const blockers = publishBlockers({ chairId: m.chairId, participantCount: detail.participants.length });
  // A refusal from the server was about the meeting as it was then: once its chair or
  // participants change, it no longer holds.
  const { reset } = saver;
  useEffect(reset, [reset, m.chairId, detail.participants.length]);
  const publish = () => {
    setAttempted(true);
    if (blockers.length === 0) void saver.save((b) => [meetingMutations.publish(m.id, b ?? m.revision)]);
  };
  return (
    <section className="editor-section" aria-labelledby="sec-publish">
      <h2 id="sec-publish">{t('secretariat.publish.title')}</h2>
      {m.status === 'draft' ? (
        <>
          <p className="muted">{t('secretariat.publish.draftHint')}</p>
          <button type="button" className="btn btn-primary" onClick={publish} data-testid="publish">
            {t('secretariat.publish.button')}
          </button>
          {attempted && blockers.length > 0 && (
            <p className="save-status save-error" role="alert" data-testid="publish-blockers">
              <span data-testid="publish-refusal">
                {t('secretariat.publish.reasons')} {blockers.map((r) => t(`secretariat.publish.${r}`)).join('; ')}.
              </span>
            </p>
          )}
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
