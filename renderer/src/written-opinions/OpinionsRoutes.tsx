/** written opinions's screens, by route (one line in App.tsx). */
import { lazy } from 'react';
import type { SessionInfo } from '../../../shared/bridge';
import type { Route } from '../router';
import { InboxScreen } from './InboxScreen';
import { RequestScreen } from './RequestScreen';
import { SendScreen } from './SendScreen';
import './written-opinions.css';

// With the reader's code: loaded when opened. No Suspense of its own: the route change (a
// transition) keeps the request on screen until it can show (router.ts).
const FileScreen = lazy(() => import('./FileScreen'));

export function OpinionsRoutes({ route, session }: { route: Route; session: SessionInfo }) {
  if (route.name === 'opinions') return <InboxScreen session={session} />;
  // Asked in the active organisation (read again when he chooses another).
  if (route.name === 'opinionsSend') return <SendScreen key={session.activeOrgId} session={session} />;
  if (route.name === 'opinionRequest') return <RequestScreen key={route.id} id={route.id} />;
  if (route.name === 'opinionFile') return <FileScreen key={`${route.id}/${route.sha256}`} id={route.id} sha256={route.sha256} />;
  return null;
}
