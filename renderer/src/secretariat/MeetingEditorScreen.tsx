/**
 * The secretariat's meeting editor: general facts, participants with roles and delegation,
 * agenda builder, documents, publish, attendance with live quorum, minutes, tasks,
 * close/archive, audit. Each section lives in meeting-editor/ and saves through useSaver.
 */
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../components/Badges';
import { ErrorBox, Loading } from '../components/Feedback';
import { hrefFor } from '../router';
import { AuditList } from './AuditScreen';
import { AgendaSection } from './meeting-editor/AgendaSection';
import { AttendanceSection } from './meeting-editor/AttendanceSection';
import { CloseSection } from './meeting-editor/CloseSection';
import { DetailsSection } from './meeting-editor/DetailsSection';
import { DocumentsSection } from './meeting-editor/DocumentsSection';
import { MinutesSection } from './meeting-editor/MinutesSection';
import { ParticipantsSection } from './meeting-editor/ParticipantsSection';
import { PublishSection } from './meeting-editor/PublishSection';
import { TasksSection } from './meeting-editor/TasksSection';
import { useMeetingEditorData, type MeetingEditorData } from './meeting-editor/useMeetingEditorData';
import { secretariatHref } from './routes';
import type { SessionInfo } from '../../../shared/bridge';
import { secretariatIn } from '../organisations';

export function MeetingEditorScreen({ id, session }: { id: string; session: SessionInfo }) {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useMeetingEditorData(id);
  // Prepared only by the secretariat of the meeting's own organisation.
  const forbidden = data !== null && data !== undefined && !secretariatIn(session, data.detail.meeting.orgId);
  return (
    <div className="page secretariat-page editor-page" data-testid="meeting-editor">
      <a className="back-link" href={secretariatHref.home()}>
        <span aria-hidden="true">← </span>
        {t('secretariat.editor.back')}
      </a>
      {loading && <Loading />}
      {error && <ErrorBox error={error} onRetry={reload} />}
      {forbidden && (
        <p role="alert" data-testid="editor-forbidden">
          {t('errors.forbidden')}
        </p>
      )}
      {data && !forbidden && <Editor {...data} />}
    </div>
  );
}

function Editor({ detail, extras, users }: MeetingEditorData) {
  const { t } = useTranslation();
  const m = detail.meeting;
  const closed = m.status === 'closed';
  return (
    <>
      <header className="meeting-header">
        <div className="meeting-title-row">
          <h1 className="page-title" data-testid="editor-title">
            {m.title}
          </h1>
          <StatusBadge status={m.status} />
          {m.status !== 'draft' && (
            <a className="btn btn-small" href={hrefFor.meeting(m.id)}>
              {t('secretariat.notice.openMeeting')}
            </a>
          )}
        </div>
        {closed && <p className="readonly-note">{t('secretariat.editor.readOnly')}</p>}
      </header>
      {/* A closed meeting is read-only: the fieldset disables every control of the sections inside. */}
      <fieldset className="editor-sections" disabled={closed}>
        {/* A saved or synced change refreshes the fields not being edited (forms/sourced-form.ts). */}
        <DetailsSection detail={detail} users={users} />
        <ParticipantsSection detail={detail} users={users} />
        <AgendaSection detail={detail} />
        <DocumentsSection detail={detail} users={users} extras={extras} />
        <PublishSection detail={detail} />
        <AttendanceSection detail={detail} extras={extras} users={users} />
        <MinutesSection detail={detail} extras={extras} users={users} />
        <TasksSection detail={detail} extras={extras} />
      </fieldset>
      <CloseSection detail={detail} />
      <section className="editor-section">
        <h2>{t('secretariat.audit.title')}</h2>
        <AuditList meetingId={m.id} />
      </section>
    </>
  );
}
