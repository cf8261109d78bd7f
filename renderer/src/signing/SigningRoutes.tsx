/** signing's screens, by route (one line in App.tsx). */
import { lazy } from 'react';
import type { SessionInfo } from '../../../shared/bridge';
import type { Route } from '../router';
import { KeysScreen } from './KeysScreen';
import { ToSignScreen } from './ToSignScreen';
import { VerifyDocumentScreen } from './VerifyDocumentScreen';
import './signing.css';

// The sign screen embeds the pdf.js reader: loaded only when opened. No Suspense of its own: the
// route change (a transition) keeps the list on screen until it can show (router.ts); a boundary
// here showed a loading state first, which React then held 300 ms at least.
const SignRequestScreen = lazy(() => import('./SignRequestScreen'));

export function SigningRoutes({ route, session }: { route: Route; session: SessionInfo }) {
  if (route.name === 'signing') return <ToSignScreen session={session} />;
  if (route.name === 'signingKeys') return <KeysScreen role={session.user.role} />;
  if (route.name === 'verifyDocument') return <VerifyDocumentScreen key={route.id} id={route.id} />;
  if (route.name === 'signingRequest') return <SignRequestScreen key={route.id} id={route.id} />;
  return null;
}
