/** The meeting's general facts (title, kind, time, place, chair, host agency, quorum) and their save button. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingDetail } from '../../../../shared/bridge';
import type { MeetingKind, UserProfile } from '../../../../shared/entities';
import { meetingMutations } from '../mutations';
import { useSaver } from '../Saver';
import { DateTimeField } from '../../forms/DateTimeField';
import { useSourcedForm } from '../../forms/sourced-form';
import { UserOptions } from './SelectOptions';

/** What is wrong with the meeting's times: missing ('' or not a date yet) or an end not after the start. */
function meetingTimeErrors(startsAt: string | null, endsAt: string | null): { startsAt?: 'required'; endsAt?: 'required' | 'endBeforeStart' } {
  return {
    ...(startsAt ? {} : { startsAt: 'required' as const }),
    ...(!endsAt ? { endsAt: 'required' as const } : startsAt && Date.parse(endsAt) <= Date.parse(startsAt) ? { endsAt: 'endBeforeStart' as const } : {}),
  };
}

export function DetailsSection({ detail, users }: { detail: MeetingDetail; users: UserProfile[] }) {
  const { t } = useTranslation();
  const m = detail.meeting;
  const saver = useSaver('general-save-status');
  // A saved or synced change of the meeting refreshes the fields not being edited; what is typed stays.
  const { form: f, set } = useSourcedForm(
    {
      title: m.title,
      kind: m.kind,
      startsAt: m.startsAt as string | null,
      endsAt: m.endsAt as string | null,
      location: m.location,
      onlineLink: m.onlineLink,
      chairId: m.chairId ?? '',
      hostAgency: m.hostAgency,
      quorumNumerator: m.quorumNumerator,
      quorumDenominator: m.quorumDenominator,
    },
    m.revision,
  );
  const [attempted, setAttempted] = useState(false);
  const timeErrors = meetingTimeErrors(f.startsAt, f.endsAt);
  const shownError = (k: 'startsAt' | 'endsAt') => {
    const e = timeErrors[k];
    return attempted && e ? t(e === 'endBeforeStart' ? 'forms.date.endBeforeStart' : 'forms.date.required', { field: t(`secretariat.editor.${k}`) }) : null;
  };
  const save = () => {
    setAttempted(true);
    const { startsAt, endsAt } = f;
    if (timeErrors.startsAt || timeErrors.endsAt || !startsAt || !endsAt) return;
    return saver.save((base) => [
      meetingMutations.upsert({
        id: m.id,
        title: f.title.trim() || m.title,
        startsAt,
        endsAt,
        location: f.location,
        status: m.status,
        chairId: f.chairId || null,
        kind: f.kind,
        onlineLink: f.onlineLink,
        hostAgency: f.hostAgency,
        quorumNumerator: f.quorumNumerator,
        quorumDenominator: f.quorumDenominator,
        baseRevision: base ?? m.revision,
      }),
    ]);
  };
  return (
    <section className="editor-section" aria-labelledby="sec-general">
      <h2 id="sec-general">{t('secretariat.editor.general')}</h2>
      <div className="form-grid">
        <label className="field wide">
          <span>{t('secretariat.editor.title')}</span>
          <input value={f.title} onChange={(e) => set('title', e.target.value)} maxLength={500} data-testid="meeting-title-input" />
        </label>
        <label className="field">
          <span>{t('secretariat.editor.kind')}</span>
          <select value={f.kind} onChange={(e) => set('kind', e.target.value as MeetingKind)} data-testid="meeting-kind">
            {(['regular', 'extraordinary', 'thematic'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`secretariat.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <DateTimeField kind="dateTime" label={t('secretariat.editor.startsAt')} value={f.startsAt} onChange={(v) => set('startsAt', v)} error={shownError('startsAt')} testId="meeting-starts" />
        <DateTimeField kind="dateTime" label={t('secretariat.editor.endsAt')} value={f.endsAt} onChange={(v) => set('endsAt', v)} error={shownError('endsAt')} testId="meeting-ends" />
        <label className="field">
          <span>{t('secretariat.editor.location')}</span>
          <input value={f.location} onChange={(e) => set('location', e.target.value)} maxLength={500} data-testid="meeting-location" />
        </label>
        <label className="field">
          <span>{t('secretariat.editor.onlineLink')}</span>
          <input value={f.onlineLink} onChange={(e) => set('onlineLink', e.target.value)} maxLength={1000} />
        </label>
        <label className="field">
          <span>{t('secretariat.editor.chair')}</span>
          <select value={f.chairId} onChange={(e) => set('chairId', e.target.value)} data-testid="meeting-chair">
            <option value="">{t('secretariat.editor.noChair')}</option>
            <UserOptions users={users} />
          </select>
        </label>
        <label className="field">
          <span>{t('secretariat.editor.hostAgency')}</span>
          <input value={f.hostAgency} onChange={(e) => set('hostAgency', e.target.value)} maxLength={300} data-testid="meeting-host-agency" />
        </label>
        <label className="field">
          <span>{t('secretariat.editor.quorum')}</span>
          <span className="inline-pair">
            <input type="number" min={1} max={100} value={f.quorumNumerator} onChange={(e) => set('quorumNumerator', Number(e.target.value) || 1)} />
            /
            <input type="number" min={1} max={100} value={f.quorumDenominator} onChange={(e) => set('quorumDenominator', Number(e.target.value) || 1)} />
          </span>
        </label>
      </div>
      <button type="button" className="btn btn-primary" onClick={save} disabled={saver.busy} data-testid="save-general">
        {t('secretariat.editor.save')}
      </button>
      {saver.view}
    </section>
  );
}
