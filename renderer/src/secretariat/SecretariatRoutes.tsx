/** the secretariat's screens, by route (one line in App.tsx). The secretariat area is for secretary/admin only. */
import { lazy } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../shared/bridge';
import { isSecretariat } from '../../../shared/rules/meetings';
import type { Route } from '../router';
import { anyRole } from '../organisations';
import { AuditScreen } from './AuditScreen';
import { MeetingEditorScreen } from './MeetingEditorScreen';
import { NoticesScreen } from './NoticesScreen';
import { SecretariatScreen } from './SecretariatScreen';
import { TasksScreen } from './TasksScreen';
import './secretariat.css';

// With the reader's code: loaded when opened. No Suspense of its own: the route change (a
// transition) keeps the notices on screen until it can show (router.ts).
const InvitationScreen = lazy(() => import('./InvitationScreen'));

export function SecretariatRoutes({ route, session }: { route: Route; session: SessionInfo }) {
  const { t } = useTranslation();
  if (route.name === 'notices') return <NoticesScreen />;
  if (route.name === 'notice') return <InvitationScreen key={route.id} id={route.id} />;
  const mine = ['secretariat', 'secretariatMeeting', 'secretariatTasks', 'secretariatAudit'].includes(route.name);
  if (!mine) return null;
  // Secretariat of at least one of his organisations; each meeting is checked against its own.
  if (!anyRole(session, isSecretariat)) {
    return (
      <div className="page" role="alert">
        <p>{t('errors.forbidden')}</p>
      </div>
    );
  }
  if (route.name === 'secretariat') return <SecretariatScreen session={session} />;
  if (route.name === 'secretariatMeeting') return <MeetingEditorScreen key={route.id} id={route.id} session={session} />;
  // Organisation-wide: the active organisation's (read again when he chooses another).
  if (route.name === 'secretariatTasks') return <TasksScreen key={session.activeOrgId} session={session} />;
  if (route.name === 'secretariatAudit') return <AuditScreen key={session.activeOrgId} session={session} />;
  return null;
}

/** Header links: the secretariat area (secretary/admin only) and the notices bell. */
export { NoticeBell } from './NoticeBell';
