/** Tasks from a published meeting's conclusions: the list (mark done / reopen) and a form to add one, checked inline. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingDetail } from '../../../../shared/bridge';
import type { MeetingExtras } from '../../../../shared/secretariat-bridge';
import { DateTimeField } from '../../forms/DateTimeField';
import { taskMutations } from '../mutations';
import { useSaver } from '../Saver';
import { TaskTable } from '../TaskTable';
import { newId } from '../util';

const EMPTY_TASK = { title: '', agency: '', assignee: '', deadline: '' as string | null, expectedResult: '', follower: '' };
const TEXT_FIELDS = ['title', 'agency', 'assignee', 'expectedResult', 'follower'] as const;
type Field = (typeof TEXT_FIELDS)[number] | 'deadline';
const labelKey = (k: Field) => `secretariat.tasks.${k === 'title' ? 'taskTitle' : k}`;

/** The fields a task cannot be given without, in the order of the form. */
function missingFields(f: typeof EMPTY_TASK): Field[] {
  return [...(f.title.trim() ? [] : ['title' as const]), ...(f.agency.trim() ? [] : ['agency' as const]), ...(f.deadline ? [] : ['deadline' as const])];
}

export function TasksSection({ detail, extras }: { detail: MeetingDetail; extras: MeetingExtras }) {
  const { t } = useTranslation();
  const saver = useSaver('tasks-save-status');
  const [f, setF] = useState(EMPTY_TASK);
  const [attempted, setAttempted] = useState(false);
  if (detail.meeting.status === 'draft') return null;
  // Once "assign" was tried, what is missing is said at each field and cleared as it is filled in.
  const missing = attempted ? missingFields(f) : [];
  const fieldError = (k: Field) => (missing.includes(k) ? t('forms.required', { field: t(labelKey(k)).toLowerCase() }) : null);
  const add = async () => {
    setAttempted(true);
    const { deadline } = f;
    if (missingFields(f).length || !deadline) return;
    if (await saver.save(() => [taskMutations.upsert({ id: newId(), meetingId: detail.meeting.id, ...f, deadline, status: 'open' })])) {
      setF(EMPTY_TASK);
      setAttempted(false);
    }
  };
  return (
    <section className="editor-section" aria-labelledby="sec-tasks">
      <h2 id="sec-tasks">{t('secretariat.tasks.title')}</h2>
      <TaskTable
        tasks={extras.tasks.map((x) => ({ ...x, meetingTitle: null, overdue: false }))}
        onToggle={(task) => saver.save((b) => [taskMutations.upsert({ ...task, status: task.status === 'done' ? 'open' : 'done', baseRevision: b ?? task.revision })])}
      />
      <div className="form-grid">
        {TEXT_FIELDS.map((k) => {
          const error = fieldError(k);
          return (
            <label key={k} className="field">
              <span>{t(labelKey(k))}</span>
              <input
                value={f[k]}
                onChange={(e) => setF({ ...f, [k]: e.target.value })}
                maxLength={k === 'expectedResult' ? 2000 : 300}
                aria-invalid={error ? true : undefined}
                data-testid={`task-${k}`}
              />
              {error && (
                <small className="field-error" data-testid={`task-${k}-error`}>
                  {error}
                </small>
              )}
            </label>
          );
        })}
        <DateTimeField kind="day" label={t('secretariat.tasks.deadline')} value={f.deadline} onChange={(v) => setF({ ...f, deadline: v })} error={fieldError('deadline')} testId="task-deadline" />
      </div>
      <button type="button" className="btn" onClick={add} disabled={saver.busy} data-testid="task-add">
        {t('secretariat.tasks.add')}
      </button>
      {missing.length > 0 && (
        <p className="form-missing" role="alert" data-testid="task-missing">
          {t('forms.missing', { fields: missing.map((k) => t(labelKey(k))).join(', ') })}
        </p>
      )}
      {saver.view}
    </section>
  );
}
