import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchResults } from '../../../shared/reader';
import { invoke, subscribe } from '../bridge';
import { ClassificationBadge } from '../components/Badges';
import { ErrorBox, Loading } from '../components/Feedback';
import { formatDate } from '../format';
import { useBridgeData } from '../hooks';
import { currentLocale } from '../i18n';
import { hrefFor, useRevisit } from '../router';
import './search.css';

/**
 * Results of a search across every document in the local cache, grouped by meeting and
 * document; each page hit shows a snippet with the words highlighted and opens the reader
 * at that page with the words found.
 */
export function SearchScreen({ q }: { q: string }) {
  const { t } = useTranslation();
  const query = q.trim();
  const { data, error, loading, reload } = useBridgeData<SearchResults | null>(
    () => (query ? invoke('search.query', { query }) : Promise.resolve(null)),
    [query],
    // New documents indexed or removed: search again.
    (change) => change.entities.includes('document'),
  );
  // More documents read into the index while the results are shown: search again.
  useEffect(() => subscribe('search.indexed', () => reload()), [reload]);
  useRevisit(reload);

  return (
    <div className="page search-page">
      <h1 className="page-title">{t('reader.search.title')}</h1>
      {!query && <p className="muted">{t('reader.search.empty')}</p>}
      {loading && query && <Loading />}
      {error && <ErrorBox error={error} onRetry={reload} />}
      {data && (
        <>
          <p className="search-summary" data-testid="search-summary">
            {data.pageCount ? t('reader.search.resultsFor', { count: data.pageCount, query }) : t('reader.search.none', { query })}
          </p>
          {data.pendingDocuments > 0 && <p className="muted">{t('reader.search.pending', { count: data.pendingDocuments })}</p>}
          {data.truncated && <p className="muted">{t('reader.search.truncated')}</p>}
          {data.groups.map((g) => (
            <section key={g.meetingId} className="search-meeting" data-testid="search-meeting">
              <h2 className="search-meeting-title">
                <a href={hrefFor.meeting(g.meetingId)}>{g.title}</a>{' '}
                <span className="muted">{formatDate(g.startsAt, currentLocale())}</span>
              </h2>
              {g.documents.map((d) => (
                <div key={d.documentId} className="search-document" data-testid="search-document">
                  <h3 className="search-document-title">
                    {d.title} <ClassificationBadge classification={d.classification} />
                  </h3>
                  <ul className="search-hits">
                    {d.pages.map((p) => (
                      <li key={p.page}>
                        <a
                          className="search-hit"
                          href={hrefFor.document(d.documentId, { page: p.page, find: query })}
                          data-testid="search-hit"
                          data-page={p.page}
                        >
                          <span className="search-hit-page">{t('reader.search.page', { page: p.page })}</span>
                          <span className="search-snippet">
                            {p.snippet.map((s, i) => (s.hit ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
                          </span>
                          {p.hits > 1 && <span className="muted search-hit-count">{t('reader.search.hits', { count: p.hits })}</span>}
                        </a>
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </section>
          ))}
        </>
      )}
    </div>
  );
}
