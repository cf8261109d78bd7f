/** One agenda item in the builder: drag handle, planned start, title (wrapping, never cut off) / presenter / agency / minutes edited on blur, move and remove. */
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgendaItem } from '../../../../shared/entities';
import { AutoGrowTextarea } from '../../forms/AutoGrowTextarea';
import { useSourcedForm } from '../../forms/sourced-form';
import type { useAgendaOrder } from './useAgendaOrder';

export type AgendaItemChange = Partial<Pick<AgendaItem, 'title' | 'presenterLabel' | 'presenterAgency' | 'plannedMinutes'>>;

interface Props {
  item: AgendaItem;
  /** Planned start time of the item, formatted for the locale (e.g. "08:30"). */
  startTime: string;
  overflows: boolean;
  first: boolean;
  last: boolean;
  order: ReturnType<typeof useAgendaOrder>;
  onChange: (change: AgendaItemChange) => void;
  onRemove: () => void;
}

/** A title is one paragraph: Enter saves it (by leaving the field) rather than starting a new line. */
const blurOnEnter = (e: KeyboardEvent<HTMLTextAreaElement>) => {
  if (e.key === 'Enter') {
    e.preventDefault();
    e.currentTarget.blur();
  }
};

export function AgendaItemRow({ item: i, startTime, overflows, first, last, order, onChange, onRemove }: Props) {
  const { t } = useTranslation();
  // The row's fields as typed: a saved or synced change of the item (its own save coming back, a
  // move) refreshes the fields not being edited and keeps what is typed in the others.
  const { form, set } = useSourcedForm({ title: i.title, presenterLabel: i.presenterLabel, presenterAgency: i.presenterAgency, plannedMinutes: String(i.plannedMinutes) }, i.revision);
  return (
    <li className={`edit-row${order.dragging === i.id ? ' dragging' : ''}${overflows ? ' overflows' : ''}`} {...order.dragProps(i)} data-testid="editor-agenda-item">
      <span className="drag-handle" aria-hidden="true">
        ⋮⋮
      </span>
      <span className="agenda-pos">{i.position}</span>
      <span className="muted small">{t('secretariat.agenda.startsAt', { time: startTime })}</span>
      <AutoGrowTextarea
        className="grow agenda-title"
        aria-label={t('secretariat.agenda.itemTitle')}
        value={form.title}
        maxLength={1000}
        onKeyDown={blurOnEnter}
        onChange={(e) => set('title', e.target.value)}
        onBlur={(e) => e.target.value.trim() && e.target.value !== i.title && onChange({ title: e.target.value.trim() })}
        data-testid="agenda-item-title"
      />
      <input
        aria-label={t('secretariat.agenda.presenter')}
        placeholder={t('secretariat.agenda.presenter')}
        value={form.presenterLabel}
        maxLength={300}
        onChange={(e) => set('presenterLabel', e.target.value)}
        onBlur={(e) => e.target.value !== i.presenterLabel && onChange({ presenterLabel: e.target.value })}
      />
      <input
        aria-label={t('secretariat.agenda.agency')}
        placeholder={t('secretariat.agenda.agency')}
        value={form.presenterAgency}
        maxLength={300}
        onChange={(e) => set('presenterAgency', e.target.value)}
        onBlur={(e) => e.target.value !== i.presenterAgency && onChange({ presenterAgency: e.target.value })}
      />
      <input
        type="number"
        className="minutes-input"
        min={0}
        max={1440}
        aria-label={t('secretariat.agenda.minutes')}
        value={form.plannedMinutes}
        onChange={(e) => set('plannedMinutes', e.target.value)}
        onBlur={(e) => Number(e.target.value) !== i.plannedMinutes && onChange({ plannedMinutes: Math.max(0, Number(e.target.value) || 0) })}
      />
      <button type="button" className="btn btn-small btn-icon" onClick={() => order.move(i.id, -1)} disabled={first} aria-label={t('secretariat.agenda.moveUp')} data-testid="agenda-up">
        ↑
      </button>
      <button type="button" className="btn btn-small btn-icon" onClick={() => order.move(i.id, 1)} disabled={last} aria-label={t('secretariat.agenda.moveDown')} data-testid="agenda-down">
        ↓
      </button>
      <button type="button" className="btn btn-small" onClick={onRemove}>
        {t('secretariat.agenda.remove')}
      </button>
    </li>
  );
}
