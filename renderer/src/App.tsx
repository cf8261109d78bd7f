import { lazy, Suspense, useCallback, useEffect, useRef, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, SessionInfo } from '../../shared/bridge';
import { invoke, subscribe } from './bridge';
import { ErrorBox, Loading } from './components/Feedback';
import { bootReads, takeFirstScreen } from './first-screen';
import { Header } from './components/Header';
import { useSyncStatus } from './hooks';
import { forgetPictures } from './pdf/page-pictures';
import { hrefFor, navigate, useRouteState, type Route } from './router';
import { LoginScreen, type SessionEndedNotice } from './screens/LoginScreen';
// The styles of the screens loaded on demand stay in the first stylesheet, in the order they had
// when those screens were imported here: a screen never shows unstyled while its code arrives,
// and the first screen's look does not change.
import './admin/admin.css';
import { MeetingListScreen } from './screens/MeetingListScreen';
import './versions/versions.css';
import './screens/search.css';
import './forms/forms.css';
import './secretariat/secretariat.css';
import './signing/signing.css';
import './written-opinions/written-opinions.css';
import './live/live.css';
import { NotificationPrompt } from './notifications/NotificationPrompt';
import { useDesktopNotifications } from './notifications/useDesktopNotifications';
import './notifications/notifications.css';
import { loadDocumentScreen } from './screens/reader-code';
import { touchesKinds } from '../../shared/rules/cache-changes';

// The first screen is the meeting list: its code is all the page loads before it shows. Every
// other screen is loaded the first time it is shown (pdf.js, the largest, only with a document).
const DocumentScreen = lazy(loadDocumentScreen);
const AdminScreen = lazy(() => import('./admin/AdminScreen').then((m) => ({ default: m.AdminScreen })));
const MeetingScreen = lazy(() => import('./screens/MeetingScreen').then((m) => ({ default: m.MeetingScreen })));
const SearchScreen = lazy(() => import('./screens/SearchScreen').then((m) => ({ default: m.SearchScreen })));
const SecretariatRoutes = lazy(() => import('./secretariat/SecretariatRoutes').then((m) => ({ default: m.SecretariatRoutes })));
const SigningRoutes = lazy(() => import('./signing/SigningRoutes').then((m) => ({ default: m.SigningRoutes })));
const OpinionsRoutes = lazy(() => import('./written-opinions/OpinionsRoutes').then((m) => ({ default: m.OpinionsRoutes })));
const LiveMeetingScreen = lazy(() => import('./live/LiveMeetingScreen').then((m) => ({ default: m.LiveMeetingScreen })));
const VersionChangesScreen = lazy(() => import('./versions/VersionChangesScreen').then((m) => ({ default: m.VersionChangesScreen })));

/** The routes this file shows itself; any other belongs to an area (secretariat, signing, opinions). */
const APP_ROUTES: ReadonlySet<Route['name']> = new Set(['meetings', 'meeting', 'document', 'search', 'versionChanges', 'admin', 'liveMeeting', 'notFound']);

type Boot = { phase: 'booting' } | { phase: 'failed'; error: unknown } | { phase: 'ready' };

export function App() {
  // The first screen's answers when they came before the first render (main.tsx): nothing to ask.
  const [first] = useState(takeFirstScreen);
  const [boot, setBoot] = useState<Boot>(first ? { phase: 'ready' } : { phase: 'booting' });
  const [appInfo, setAppInfo] = useState<AppInfo | null>(first?.appInfo ?? null);
  const [session, setSession] = useState<SessionInfo | null>(first?.session ?? null);
  const [ended, setEnded] = useState<SessionEndedNotice>(null);
  const lastUserId = useRef<string | null>(null);
  if (session) lastUserId.current = session.user.id;

  // The same person signing in again (expired session) returns to where he was; anyone else
  // starts at the meeting list rather than at a page of the previous user.
  const signedIn = useCallback((next: SessionInfo) => {
    if (lastUserId.current !== null && lastUserId.current !== next.user.id) navigate(hrefFor.meetings());
    setEnded(null);
    setSession(next);
  }, []);

  const start = useCallback(() => {
    setBoot({ phase: 'booting' });
    bootReads().then(
      ({ appInfo: info, session: current }) => {
        setAppInfo(info);
        setSession(current);
        setBoot({ phase: 'ready' });
      },
      (error: unknown) => setBoot({ phase: 'failed', error }),
    );
  }, []);

  // A new organisation, or a role changed in one, reaches the session at the next sync: the
  // screens then follow the role in each organisation.
  useEffect(
    () =>
      subscribe('data.changed', (change) => {
        if (!touchesKinds(change, ['user', 'organization'])) return;
        invoke('session.current', {}).then(
          (current) => setSession((was) => (was && current && was.user.id === current.user.id ? current : was)),
          () => undefined,
        );
      }),
    [],
  );

  const bootedAtMount = useRef(first !== null);
  useEffect(() => {
    if (!bootedAtMount.current) start();
    bootedAtMount.current = false;
    // Logout elsewhere, or the server refused our refresh token: back to the sign-in form.
    // A revoked device (its data now erased) or a session past its lifetime says why.
    return subscribe('session.ended', ({ reason }) => {
      setEnded(reason === 'device_revoked' || reason === 'session_expired' ? reason : null);
      setSession(null);
    });
  }, [start]);

  // The reader's last pictures of pages (page-pictures.ts) belong to whoever was signed in.
  useEffect(() => {
    if (!session) forgetPictures();
  }, [session]);

  if (boot.phase === 'booting') return <Loading />;
  if (boot.phase === 'failed') return <ErrorBox error={boot.error} onRetry={start} />;
  if (!session) return <LoginScreen appInfo={appInfo} onSignedIn={signedIn} ended={ended} />;
  return <SignedIn session={session} onSession={setSession} onSignedOut={() => setSession(null)} />;
}

function SignedIn({ session, onSession, onSignedOut }: { session: SessionInfo; onSession: (s: SessionInfo) => void; onSignedOut: () => void }) {
  const { t } = useTranslation();
  const { route, hash, pending } = useRouteState();
  const [sync, setSync] = useSyncStatus();
  useDesktopNotifications();

  const logout = async () => {
    try {
      await invoke('session.logout', {});
    } catch (e) {
      // Signing out locally must always work, even when the server cannot be told.
      console.warn('logout failed', e);
    }
    onSignedOut();
  };

  return (
    <div className={`app-shell route-${route.name}`} data-route={hash}>
      <a className="skip-link" href="#main" onClick={skipToMain}>
        {t('app.skipToContent')}
      </a>
      <Header session={session} sync={sync} onSync={setSync} onLogout={logout} onSession={onSession} />
      {/* Asked on the start screen only: never over a document being read. */}
      {route.name === 'meetings' && <NotificationPrompt />}
      {/* Busy while the next screen's code loads (the current screen stays until it can show). */}
      <main id="main" className="app-main" tabIndex={-1} aria-busy={pending || undefined}>
        {route.name === 'meetings' && <MeetingListScreen />}
        <Suspense fallback={<Loading />}>
          {route.name === 'meeting' && <MeetingScreen key={route.id} id={route.id} />}
          {route.name === 'document' && (
            <DocumentScreen key={`${route.id}?${route.page ?? ''}`} id={route.id} page={route.page} find={route.find} change={route.change} />
          )}
          {route.name === 'search' && <SearchScreen q={route.q} />}
          {route.name === 'versionChanges' && <VersionChangesScreen key={route.id} documentId={route.id} />}
          {!APP_ROUTES.has(route.name) && (
            <>
              <SecretariatRoutes route={route} session={session} />
              <SigningRoutes route={route} session={session} />
              <OpinionsRoutes route={route} session={session} />
            </>
          )}
          {/* Organisation-wide screens read again when he chooses another organisation. */}
          {route.name === 'admin' && <AdminScreen key={session.activeOrgId} session={session} />}
          {route.name === 'liveMeeting' && <LiveMeetingScreen key={route.id} meetingId={route.id} session={session} />}
        </Suspense>
        {route.name === 'notFound' && (
          <div className="page">
            <h1 className="page-title">{t('app.notFoundTitle')}</h1>
            <a href={hrefFor.meetings()}>{t('app.backToList')}</a>
          </div>
        )}
      </main>
    </div>
  );
}

/** The hash is our route, so the skip link moves focus instead of following "#main". */
function skipToMain(e: MouseEvent) {
  e.preventDefault();
  document.getElementById('main')?.focus();
}
