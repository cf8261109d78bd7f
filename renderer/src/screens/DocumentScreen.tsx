import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpenedDocument, SessionInfo } from '../../../shared/bridge';
import type { ReadingPosition } from '../../../shared/reader';
import { documentPermissions } from '../../../shared/rules/documents';
import { invoke } from '../bridge';
import { ClassificationBadge } from '../components/Badges';
import { ErrorBox, Loading } from '../components/Feedback';
import { formatDateTime } from '../format';
import { useNow } from '../hooks';
import { currentLocale } from '../i18n';
import { PdfViewer } from '../pdf/PdfViewer';
import { useReaderFile } from '../pdf/useReaderFile';
import { OriginalDownload } from '../pdf/OriginalDownload';
import { hrefFor } from '../router';
import { useAnnotations } from '../annotations/useAnnotations';
import { PresenterBar } from '../annotations/PresenterBar';
import type { LocalDocument } from '../../../shared/bridge';
import type { DocumentPermissions } from '../../../shared/rules/documents';
import type { ComponentProps } from 'react';
import { isUnreachable } from '../../../shared/errors';
import { useVersionChanges } from '../versions/useVersionChanges';

/** The reader's saved place in this document (null: none), or undefined while it is read. */
function useSavedPosition(id: string): ReadingPosition | null | undefined {
  const [position, setPosition] = useState<ReadingPosition | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    invoke('reader.getPosition', { documentId: id }).then(
      (p) => live && setPosition(p),
      (e: unknown) => {
        console.warn('reading position unavailable', e);
        if (live) setPosition(null);
      },
    );
    return () => {
      live = false;
    };
  }, [id]);
  return position;
}

export default function DocumentScreen({ id, page, find, change }: { id: string; page?: number; find?: string; change?: number }) {
  const { t } = useTranslation();
  const meetingId = useRef<string | null>(null);
  const { data, error, loading, reload } = useReaderFile<OpenedDocument>(
    () => invoke('documents.open', { id }),
    [id],
    // A new version may have arrived: re-open (the viewer reloads only if the URL changed).
    (change) => change.meetingIds.length === 0 || (meetingId.current !== null && change.meetingIds.includes(meetingId.current)),
  );
  if (data) meetingId.current = data.document.meetingId;
  const savedPosition = useSavedPosition(id);
  const [session, setSession] = useState<SessionInfo | null>(null);
  useEffect(() => {
    invoke('session.current', {}).then(setSession, (e: unknown) => console.warn('session unavailable', e));
  }, []);

  const marked = useRef<string | null>(null);
  const version = data?.document.version;
  const onLoaded = useCallback(() => {
    const key = `${id}@${version}`;
    if (marked.current === key) return;
    marked.current = key;
    invoke('documents.markViewed', { id }).catch((e: unknown) => console.warn('markViewed failed', e));
  }, [id, version]);

  const savePosition = useCallback(
    (position: ReadingPosition) => {
      invoke('reader.savePosition', { documentId: id, position }).catch((e: unknown) => console.warn('saving the reading position failed', e));
    },
    [id],
  );

  const doc = data?.document;
  const permissions = useMemo(() => (doc ? documentPermissions(doc) : null), [doc]);
  // The watermark names the reader and the time, refreshed every half minute.
  const now = useNow(30_000);
  const watermark =
    permissions?.watermark && session ? t('reader.watermark', { name: session.user.fullName, time: formatDateTime(now, currentLocale()) }) : null;

  return (
    <div className="page document-page">
      <div className="document-bar">
        <a
          className="back-link"
          href={doc ? hrefFor.meeting(doc.meetingId) : hrefFor.meetings()}
          data-testid="back-to-meeting"
          onClick={(e) => {
            if (!doc) {
              e.preventDefault();
              window.history.back();
            }
          }}
        >
          <span aria-hidden="true">← </span>
          {t('app.back')}
        </a>
        {doc && (
          <div className="document-heading">
            <h1 className="document-title" data-testid="document-title" title={doc.title}>
              {doc.title}
            </h1>
            <ClassificationBadge classification={doc.classification} />
            <span className="muted">{t('document.version', { version: doc.version })}</span>
            <OriginalDownload documentId={doc.id} sha256={doc.sha256} />
          </div>
        )}
      </div>
      {permissions?.watermark && (
        <div className="pdf-notice" data-testid="confidential-notice">
          {t('reader.confidentialNotice')}
        </div>
      )}
      {loading && <Loading label={t('document.loading')} />}
      {/* Opening may download the file first; without a network that is a specific, explainable failure. */}
      {error && (
        <ErrorBox error={error} onRetry={reload} text={isUnreachable(error) ? t('document.unavailableOffline') : undefined} />
      )}
      {data && permissions && savedPosition !== undefined && (!permissions.watermark || session) && (
        <AnnotatedViewer
          key={data.url}
          document={data.document}
          me={session?.user.id ?? null}
          url={data.url}
          fileName={data.document.fileName}
          onLoaded={onLoaded}
          permissions={permissions}
          watermarkText={watermark}
          initialPosition={savedPosition}
          initialPage={page ?? null}
          initialFind={find ?? null}
          onPositionChange={savePosition}
          change={change ?? null}
        />
      )}
    </div>
  );
}

/**
 * The viewer with private annotations (layer, tools, notes panel) and "follow the presenter"
 * around it.
 */
function AnnotatedViewer({
  document: doc,
  me,
  change,
  ...viewer
}: { document: LocalDocument; me: string | null; permissions: DocumentPermissions; change: number | null } & Omit<ComponentProps<typeof PdfViewer>, 'permissions'>) {
  const [page, setPage] = useState(1);
  const [goTo, setGoTo] = useState<{ page: number; seq: number } | null>(null);
  const jumpTo = useCallback((p: number) => setGoTo((g) => ({ page: p, seq: (g?.seq ?? 0) + 1 })), []);
  const tools = useAnnotations(doc, viewer.permissions.download, jumpTo);
  // What changed since the previous version: marked in the margin, stepped through from the bar.
  const changes = useVersionChanges(doc, change, tools.renderPageOverlay);
  return (
    <>
      <PresenterBar meetingId={doc.meetingId} documentId={doc.id} page={page} me={me} onFollow={jumpTo} />
      {changes.bar}
      <PdfViewer
        {...viewer}
        documentId={doc.id}
        renderPageOverlay={changes.renderPageOverlay}
        toolbarExtra={tools.toolbar}
        sidePanel={tools.panel}
        goTo={goTo}
        onPageChange={setPage}
      />
    </>
  );
}
