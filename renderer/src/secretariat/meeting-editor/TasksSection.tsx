/** Tasks from a published meeting's conclusions: the list (mark done / reopen) and a form to add one. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingDetail } from '../../../../shared/bridge';
import type { MeetingExtras } from '../../../../shared/secretariat-bridge';
import { taskMutations } from '../mutations';
import { useSaver } from '../Saver';
import { TaskTable } from '../TaskTable';
import { newId } from '../util';

const EMPTY_TASK = { title: '', agency: '', assignee: '', deadline: '', expectedResult: '', follower: '' };

export function TasksSection({ detail, extras }: { detail: MeetingDetail; extras: MeetingExtras }) {
  const { t } = useTranslation();
  const saver = useSaver('tasks-save-status');
  const [f, setF] = useState(EMPTY_TASK);
  if (detail.meeting.status === 'draft') return null;
  const add = async () => {
    if (!f.title.trim() || !f.agency.trim() || !/^\d{4}-\d{2}-\d{2}$/.test(f.deadline)) return;
    if (await saver.save(() => [taskMutations.upsert({ id: newId(), meetingId: detail.meeting.id, ...f, status: 'open' })])) setF(EMPTY_TASK);
  };
  return (
    <section className="editor-section" aria-labelledby="sec-tasks">
      <h2 id="sec-tasks">{t('secretariat.tasks.title')}</h2>
      <TaskTable
        tasks={extras.tasks.map((x) => ({ ...x, meetingTitle: null, overdue: false }))}
        onToggle={(task) => saver.save((b) => [taskMutations.upsert({ ...task, status: task.status === 'done' ? 'open' : 'done', baseRevision: b ?? task.revision })])}
      />
      <div className="form-grid">
        {(['title', 'agency', 'assignee', 'expectedResult', 'follower'] as const).map((k) => (
          <label key={k} className="field">
            <span>{t(`secretariat.tasks.${k === 'title' ? 'taskTitle' : k}`)}</span>
            <input value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} maxLength={k === 'expectedResult' ? 2000 : 300} />
          </label>
        ))}
        <label className="field">
          <span>{t('secretariat.tasks.deadline')}</span>
          <input type="date" value={f.deadline} onChange={(e) => setF({ ...f, deadline: e.target.value })} />
        </label>
      </div>
      <button type="button" className="btn" onClick={add} disabled={saver.busy}>
        {t('secretariat.tasks.add')}
      </button>
      {saver.view}
    </section>
  );
}
