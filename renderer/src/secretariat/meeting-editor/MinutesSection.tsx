/** The minutes of a published meeting: prefill from the meeting's facts, edit, save, export to PDF, open the PDF. */
import { useTranslation } from 'react-i18next';
import type { MeetingDetail } from '../../../../shared/bridge';
import type { UserProfile } from '../../../../shared/entities';
import { draftMinutes } from '../../../../shared/rules/minutes-draft';
import type { MeetingExtras } from '../../../../shared/secretariat-bridge';
import { formatDateTime } from '../../format';
import { useSourcedForm } from '../../forms/sourced-form';
import { currentLocale } from '../../i18n';
import { hrefFor } from '../../router';
import { delegateLabel } from '../DelegatePicker';
import { minutesMutations } from '../mutations';
import { useSaver } from '../Saver';
import { newId } from '../util';

export function MinutesSection({ detail, extras, users }: { detail: MeetingDetail; extras: MeetingExtras; users: UserProfile[] }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const saver = useSaver('minutes-save-status');
  const m = detail.meeting;
  // A saved or synced version of the minutes refreshes what is not being edited; typed text stays.
  const { form, set } = useSourcedForm({ body: extras.minutes?.body ?? '', conclusions: extras.minutes?.conclusions ?? '' }, extras.minutes?.revision ?? 0);
  const { body, conclusions } = form;
  const setBody = (v: string) => set('body', v);
  const setConclusions = (v: string) => set('conclusions', v);
  if (m.status === 'draft') return null;
  const prefill = () =>
    setBody(
      draftMinutes({
        title: m.title,
        when: formatDateTime(m.startsAt, locale),
        location: m.location,
        chairName: m.chairName,
        participants: detail.participants.map(({ participant, user }) => ({ name: user?.fullName ?? '', attendance: participant.attendance, delegateName: delegateLabel(participant, users) ?? '' })),
        agenda: [...detail.agenda].sort((a, b) => a.item.position - b.item.position).map(({ item }) => ({ title: item.title, presenter: [item.presenterLabel, item.presenterAgency].filter(Boolean).join(', ') })),
        // Vote results are not drafted into the minutes yet; the secretary writes them.
        voteLines: [],
      }),
    );
  const save = () => saver.save((b) => [minutesMutations.save({ id: extras.minutes?.id ?? newId(), meetingId: m.id, body, conclusions, baseRevision: b ?? extras.minutes?.revision })]);
  const exportPdf = async (issue = false) => {
    if (await save()) await saver.save(() => [minutesMutations.exportPdf(m.id, issue)]);
  };
  return (
    <section className="editor-section" aria-labelledby="sec-minutes">
      <h2 id="sec-minutes">{t('secretariat.minutes.title')}</h2>
      <button type="button" className="btn btn-small" onClick={prefill} data-testid="minutes-prefill">
        {t('secretariat.minutes.prefill')}
      </button>
      <label className="field">
        <span>{t('secretariat.minutes.body')}</span>
        <textarea rows={10} value={body} onChange={(e) => setBody(e.target.value)} data-testid="minutes-body" />
      </label>
      <label className="field">
        <span>{t('secretariat.minutes.conclusions')}</span>
        <textarea rows={5} value={conclusions} onChange={(e) => setConclusions(e.target.value)} data-testid="minutes-conclusions" />
      </label>
      <div className="row-actions">
        <button type="button" className="btn btn-primary" onClick={save} disabled={saver.busy} data-testid="minutes-save">
          {t('secretariat.minutes.save')}
        </button>
        <button type="button" className="btn" onClick={() => void exportPdf()} disabled={saver.busy} data-testid="minutes-export">
          {t('secretariat.minutes.exportPdf')}
        </button>
        <button type="button" className="btn" onClick={() => void exportPdf(true)} disabled={saver.busy} data-testid="minutes-issue" title={t('secretariat.minutes.issueHint')}>
          {t('secretariat.minutes.issue')}
        </button>
        {extras.minutes?.documentId && (
          <a className="btn" href={hrefFor.document(extras.minutes.documentId)} data-testid="minutes-pdf">
            {t('secretariat.minutes.openPdf')}
          </a>
        )}
      </div>
      {saver.view}
    </section>
  );
}
