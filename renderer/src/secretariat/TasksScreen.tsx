/** Tasks from every meeting's conclusions, grouped by responsible agency, overdue flagged. */
import { touchesKinds } from '../../../shared/rules/cache-changes';
import { useTranslation } from 'react-i18next';
import type { TaskView } from '../../../shared/secretariat-bridge';
import { invoke } from '../bridge';
import { ErrorBox, Loading } from '../components/Feedback';
import { useBridgeData } from '../hooks';
import { TaskTable } from './TaskTable';
import { secretariatHref } from './routes';
import type { SessionInfo } from '../../../shared/bridge';
import { ActingOrganisation } from '../components/ActiveOrganisation';

export function TasksScreen({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useBridgeData<TaskView[]>(() => invoke('secretariat.tasks', {}), [], (c) => touchesKinds(c, ['task']));
  const groups = new Map<string, TaskView[]>();
  for (const task of data ?? []) groups.set(task.agency, [...(groups.get(task.agency) ?? []), task]);
  return (
    <div className="page secretariat-page" data-testid="tasks-screen">
      <a className="back-link" href={secretariatHref.home()}>
        <span aria-hidden="true">← </span>
        {t('secretariat.editor.back')}
      </a>
      <h1 className="page-title">{t('secretariat.tasks.byAgency')}</h1>
      <ActingOrganisation session={session} />
      {loading && <Loading />}
      {error && <ErrorBox error={error} onRetry={reload} />}
      {data && data.length === 0 && <p className="empty">{t('secretariat.tasks.empty')}</p>}
      {[...groups.entries()]
        .sort((a, b) => a[0].localeCompare(b[0], 'vi'))
        .map(([agency, tasks]) => (
          <section key={agency} className="editor-section" data-testid="agency-group">
            <h2>
              {agency} {tasks.some((x) => x.overdue) && <span className="badge overdue-badge">{t('secretariat.tasks.overdue')}</span>}
            </h2>
            <TaskTable tasks={tasks} />
          </section>
        ))}
    </div>
  );
}
