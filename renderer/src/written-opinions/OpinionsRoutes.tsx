/** written opinions's screens, by route (one line in App.tsx). */
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../shared/bridge';
import { invoke } from '../bridge';
import { ErrorBox, Loading } from '../components/Feedback';
import { useBridgeData } from '../hooks';
import type { Route } from '../router';
import { InboxScreen } from './InboxScreen';
import { RequestScreen } from './RequestScreen';
import { opinionsHref } from './routes';
import { SendScreen } from './SendScreen';
import './written-opinions.css';

const PdfViewer = lazy(() => import('../pdf/PdfViewer').then((m) => ({ default: m.PdfViewer })));

export function OpinionsRoutes({ route, session }: { route: Route; session: SessionInfo }) {
  if (route.name === 'opinions') return <InboxScreen session={session} />;
  // Asked in the active organisation (read again when he chooses another).
  if (route.name === 'opinionsSend') return <SendScreen key={session.activeOrgId} session={session} />;
  if (route.name === 'opinionRequest') return <RequestScreen key={route.id} id={route.id} />;
  if (route.name === 'opinionFile') return <FileScreen key={`${route.id}/${route.sha256}`} id={route.id} sha256={route.sha256} />;
  return null;
}

/** An attached document or the summary PDF, in the reader. */
function FileScreen({ id, sha256 }: { id: string; sha256: string }) {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useBridgeData(() => invoke('opinions.openFile', { requestId: id, sha256 }), [id, sha256], () => false);
  return (
    <div className="page document-page" data-testid="opinion-file">
      <div className="document-bar">
        <a className="back-link" href={opinionsHref.request(id)}>
          <span aria-hidden="true">← </span>
          {t('app.back')}
        </a>
      </div>
      {loading && <Loading />}
      {error && <ErrorBox error={error} onRetry={reload} />}
      {data && (
        <Suspense fallback={<Loading />}>
          <PdfViewer key={data.url} url={data.url} />
        </Suspense>
      )}
    </div>
  );
}
