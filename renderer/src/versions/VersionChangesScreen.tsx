/**
 * "Thay đổi so với phiên bản trước": the changed, added and removed passages of a document's
 * new version, each with its pages, the old and new wording word by word, and a jump to it in
 * the reader (where it is also marked in the margin).
 */
import { useTranslation } from 'react-i18next';
import type { PageRange, VersionChange, VersionDiff } from '../../../shared/version-diff';
import { ErrorBox, Loading } from '../components/Feedback';
import { hrefFor } from '../router';
import { useVersionDiff } from './useVersionDiff';
import './versions.css';

const pagesText = (r: PageRange) => (r.from === r.to ? String(r.from) : `${r.from}–${r.to}`);

export function VersionChangesScreen({ documentId }: { documentId: string }) {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useVersionDiff(documentId);
  return (
    <div className="page version-changes-page" data-testid="version-changes">
      <a className="back-link" href={hrefFor.document(documentId)} data-testid="back-to-document">
        <span aria-hidden="true">← </span>
        {t('versions.backToDocument')}
      </a>
      <h1 className="page-title">{t('versions.title')}</h1>
      {loading && <Loading />}
      {error && <ErrorBox error={error} onRetry={reload} />}
      {data && <DiffBody diff={data} onRetry={reload} />}
    </div>
  );
}

function DiffBody({ diff, onRetry }: { diff: VersionDiff; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="version-changes-subtitle">
        <strong data-testid="version-changes-document">{diff.title}</strong>
        {diff.reason !== 'no_previous' && <span className="muted"> — {t('versions.compared', { from: diff.fromVersion, to: diff.toVersion })}</span>}
      </p>
      {diff.status === 'pending' && <Loading label={t(`versions.wait.${diff.reason ?? 'reading'}`)} />}
      {diff.status === 'unavailable' && (
        <div className="version-changes-wait" role="status" data-testid="version-changes-unavailable" data-reason={diff.reason ?? ''}>
          <p>{t(`versions.wait.${diff.reason ?? 'unreadable'}`)}</p>
          {diff.reason === 'offline' && (
            <button type="button" className="btn" onClick={onRetry}>
              {t('app.retry')}
            </button>
          )}
        </div>
      )}
      {diff.status === 'ready' && (
        <>
          <p data-testid="version-changes-count">{diff.changes.length === 0 ? t('versions.none') : t('versions.count', { count: diff.changes.length })}</p>
          {diff.truncated && <p className="muted">{t('versions.truncated', { count: diff.changes.length })}</p>}
          <ol className="version-change-list">
            {diff.changes.map((c) => (
              <ChangeItem key={c.index} documentId={diff.documentId} change={c} />
            ))}
          </ol>
        </>
      )}
    </>
  );
}

function ChangeItem({ documentId, change: c }: { documentId: string; change: VersionChange }) {
  const { t } = useTranslation();
  return (
    <li className={`version-change kind-${c.kind}`} data-testid="version-change" data-kind={c.kind} data-page={c.newPages.from}>
      <div className="version-change-head">
        <span className={`version-change-kind kind-${c.kind}`}>{t(`versions.kind.${c.kind}`)}</span>
        <span data-testid="version-change-pages">
          {c.kind === 'removed' ? t('versions.removedAt', { pages: pagesText(c.newPages) }) : t('versions.newPages', { pages: pagesText(c.newPages) })}
          {c.oldPages && <span className="muted"> ({t('versions.oldPages', { pages: pagesText(c.oldPages) })})</span>}
        </span>
        <a className="btn btn-small" href={hrefFor.document(documentId, { page: c.spans[0].page, change: c.index })} data-testid="version-change-jump">
          {t('versions.jump')}
        </a>
      </div>
      <p className="version-change-text" data-testid="version-change-text">
        {c.parts.map((p, i) =>
          p.op === 'removed' ? (
            <del key={i} title={t('versions.before')}>
              {p.text}
            </del>
          ) : p.op === 'added' ? (
            <ins key={i} title={t('versions.after')}>
              {/* A replacement reads "old new", not "oldnew". */}
              {c.parts[i - 1]?.op === 'removed' && !p.text.startsWith(' ') ? ` ${p.text}` : p.text}
            </ins>
          ) : (
            <span key={i}>{p.text}</span>
          ),
        )}
      </p>
    </li>
  );
}
