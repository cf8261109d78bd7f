/** The agenda builder: total planned time against the meeting's length, the ordered items, and a row to add one. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingDetail } from '../../../../shared/bridge';
import type { AgendaItem } from '../../../../shared/entities';
import { agendaFit } from '../../../../shared/rules/agenda';
import { AutoGrowTextarea } from '../../forms/AutoGrowTextarea';
import { addMinutes, formatTime } from '../../format';
import { currentLocale } from '../../i18n';
import { agendaItemMutations } from '../mutations';
import { useSaver } from '../Saver';
import { newId } from '../util';
import { AgendaItemRow, type AgendaItemChange } from './AgendaItemRow';
import { useAgendaOrder } from './useAgendaOrder';

const EMPTY_DRAFT = { title: '', presenter: '', agency: '', minutes: 30 };

export function AgendaSection({ detail }: { detail: MeetingDetail }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const saver = useSaver('agenda-save-status');
  const m = detail.meeting;
  const items = [...detail.agenda].map((a) => a.item).sort((a, b) => a.position - b.position);
  const fit = agendaFit(items, m.startsAt, m.endsAt);
  const [draft, setDraft] = useState(EMPTY_DRAFT);

  const upsert = (i: AgendaItem, over: AgendaItemChange & { position?: number }, base?: number) =>
    agendaItemMutations.upsert({
      id: i.id,
      meetingId: m.id,
      position: over.position ?? i.position,
      title: over.title ?? i.title,
      presenterId: i.presenterId,
      presenterLabel: over.presenterLabel ?? i.presenterLabel,
      presenterAgency: over.presenterAgency ?? i.presenterAgency,
      plannedMinutes: over.plannedMinutes ?? i.plannedMinutes,
      baseRevision: base ?? i.revision,
    });
  const order = useAgendaOrder(items, (changed) => void saver.save(() => changed.map((x) => upsert(x.item, { position: x.position }))));
  const add = async () => {
    if (!draft.title.trim()) return;
    const ok = await saver.save(() => [
      agendaItemMutations.upsert({
        id: newId(),
        meetingId: m.id,
        position: items.length + 1,
        title: draft.title.trim(),
        presenterId: null,
        presenterLabel: draft.presenter,
        presenterAgency: draft.agency,
        plannedMinutes: draft.minutes,
      }),
    ]);
    if (ok) setDraft(EMPTY_DRAFT);
  };

  return (
    <section className="editor-section" aria-labelledby="sec-agenda">
      <h2 id="sec-agenda">{t('secretariat.agenda.title')}</h2>
      <p className={fit.overflowMinutes > 0 ? 'plan-total overflow' : 'plan-total'} data-testid="agenda-total" data-overflow={fit.overflowMinutes > 0 ? 'true' : 'false'}>
        {t('secretariat.agenda.total', { planned: fit.plannedMinutes, length: fit.meetingMinutes })}
        {fit.overflowMinutes > 0 && <strong> — {t('secretariat.agenda.overflow', { minutes: fit.overflowMinutes })}</strong>}
      </p>
      {items.length === 0 && <p className="empty small">{t('secretariat.agenda.empty')}</p>}
      <ol className="edit-list agenda-builder" aria-describedby="agenda-drag-hint">
        {items.map((i, idx) => (
          <AgendaItemRow
            key={i.id}
            item={i}
            startTime={formatTime(addMinutes(m.startsAt, fit.slots[idx].startMinute), locale)}
            overflows={Boolean(fit.slots[idx]?.overflows)}
            first={idx === 0}
            last={idx === items.length - 1}
            order={order}
            onChange={(change) => void saver.save((b) => [upsert(i, change, b)])}
            onRemove={() => void saver.save((b) => [agendaItemMutations.remove(i.id, b ?? i.revision)])}
          />
        ))}
      </ol>
      <p id="agenda-drag-hint" className="muted small">
        {t('secretariat.agenda.dragHint')}
      </p>
      <div className="edit-row add-row">
        <AutoGrowTextarea
          className="grow agenda-title"
          placeholder={t('secretariat.agenda.itemTitle')}
          aria-label={t('secretariat.agenda.itemTitle')}
          value={draft.title}
          onChange={(e) => setDraft({ ...draft, title: e.target.value.replace(/\n/g, ' ') })}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void add();
            }
          }}
          maxLength={1000}
          data-testid="agenda-new-title"
        />
        <input placeholder={t('secretariat.agenda.presenter')} value={draft.presenter} onChange={(e) => setDraft({ ...draft, presenter: e.target.value })} maxLength={300} data-testid="agenda-new-presenter" />
        <input placeholder={t('secretariat.agenda.agency')} value={draft.agency} onChange={(e) => setDraft({ ...draft, agency: e.target.value })} maxLength={300} />
        <input
          type="number"
          className="minutes-input"
          min={0}
          max={1440}
          aria-label={t('secretariat.agenda.minutes')}
          value={draft.minutes}
          onChange={(e) => setDraft({ ...draft, minutes: Math.max(0, Number(e.target.value) || 0) })}
          data-testid="agenda-new-minutes"
        />
        <button type="button" className="btn" onClick={add} disabled={!draft.title.trim() || saver.busy} data-testid="agenda-add">
          {t('secretariat.agenda.add')}
        </button>
      </div>
      {saver.view}
    </section>
  );
}
