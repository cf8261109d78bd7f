/** In the reader of a document with an earlier version: how many places changed, the way to the list, and stepping through them. */
import { useTranslation } from 'react-i18next';
import type { VersionDiff } from '../../../shared/version-diff';
import { hrefFor } from '../router';
import { versionChangesHref } from './routes';
import './versions.css';

export function VersionChangesBar({ diff, selected }: { diff: VersionDiff | null; selected: number | null }) {
  const { t } = useTranslation();
  if (!diff || diff.status !== 'ready' || diff.changes.length === 0) return null;
  const total = diff.changes.length;
  const at = (n: number) => {
    const c = diff.changes[n - 1];
    return hrefFor.document(diff.documentId, { page: c.spans[0].page, change: n });
  };
  return (
    <div className="version-changes-bar" data-testid="version-changes-bar" role="navigation" aria-label={t('versions.title')}>
      <span className="change-mark-sample" aria-hidden="true" />
      <span>
        {t('versions.compared', { from: diff.fromVersion, to: diff.toVersion })} · {t('versions.count', { count: total })}
      </span>
      {selected !== null && selected <= total && (
        <span className="version-changes-step">
          <a className="btn btn-small" href={selected > 1 ? at(selected - 1) : undefined} aria-disabled={selected <= 1} data-testid="change-previous">
            ‹
          </a>
          <span data-testid="change-position">{t('versions.changeOf', { index: selected, total })}</span>
          <a className="btn btn-small" href={selected < total ? at(selected + 1) : undefined} aria-disabled={selected >= total} data-testid="change-next">
            ›
          </a>
        </span>
      )}
      <a className="btn btn-small" href={versionChangesHref(diff.documentId)} data-testid="open-version-changes">
        {t('versions.title')}
      </a>
    </div>
  );
}
