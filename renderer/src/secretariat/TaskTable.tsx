/** A table of tasks (title, agency, assignee, deadline, expected result, follower), overdue ones flagged; a toggle to mark done when editable. */
import { useTranslation } from 'react-i18next';
import type { Task } from '../../../shared/secretariat';
import type { TaskView } from '../../../shared/secretariat-bridge';

export function TaskTable({ tasks, onToggle }: { tasks: TaskView[]; onToggle?: (t: Task) => void }) {
  const { t } = useTranslation();
  if (tasks.length === 0) return <p className="empty small">{t('secretariat.tasks.empty')}</p>;
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th>{t('secretariat.tasks.taskTitle')}</th>
          <th>{t('secretariat.tasks.agency')}</th>
          <th>{t('secretariat.tasks.assignee')}</th>
          <th>{t('secretariat.tasks.deadline')}</th>
          <th>{t('secretariat.tasks.expectedResult')}</th>
          <th>{t('secretariat.tasks.follower')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {tasks.map((task) => (
          <tr key={task.id} className={task.overdue ? 'overdue' : ''} data-testid="task-row" data-overdue={task.overdue ? 'true' : 'false'}>
            <td>
              {task.title}
              {task.meetingTitle && <div className="muted small">{t('secretariat.tasks.fromMeeting', { title: task.meetingTitle })}</div>}
            </td>
            <td>{task.agency}</td>
            <td>{task.assignee}</td>
            <td>
              {task.deadline.split('-').reverse().join('/')}
              {task.overdue && <span className="badge overdue-badge">{t('secretariat.tasks.overdue')}</span>}
            </td>
            <td>{task.expectedResult}</td>
            <td>{task.follower}</td>
            <td>
              {onToggle ? (
                <button type="button" className="btn btn-small" onClick={() => onToggle(task)}>
                  {task.status === 'done' ? t('secretariat.tasks.done') : t('secretariat.tasks.markDone')}
                </button>
              ) : (
                t(`secretariat.tasks.${task.status}`)
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
