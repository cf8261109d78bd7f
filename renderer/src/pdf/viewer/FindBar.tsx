/** The find bar under the toolbar: the query, "k / n" (or searching / none), previous, next, close. */
import type { KeyboardEvent, RefObject } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  inputRef: RefObject<HTMLInputElement | null>;
  query: string;
  setQuery: (query: string) => void;
  /** How many hits so far. */
  matches: number;
  /** The current hit, or -1. */
  matchIndex: number;
  searching: boolean;
  step: (by: 1 | -1) => void;
  close: () => void;
}

export function FindBar({ inputRef, query, setQuery, matches, matchIndex, searching, step, close }: Props) {
  const { t } = useTranslation();
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      step(e.shiftKey ? -1 : 1);
    }
  };
  return (
    <div className="pdf-findbar" role="search" data-testid="find-bar">
      <input
        ref={inputRef}
        className="pdf-find-input"
        data-testid="find-input"
        type="search"
        value={query}
        placeholder={t('reader.findPlaceholder')}
        aria-label={t('reader.find')}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onKeyDown}
        autoFocus
      />
      <span className="pdf-find-count" data-testid="find-count" aria-live="polite">
        {!query.trim() ? '' : matches ? t('reader.findCounter', { current: matchIndex + 1, total: matches }) : searching ? t('reader.findSearching') : t('reader.findNone')}
      </span>
      <button type="button" className="btn btn-icon" onClick={() => step(-1)} disabled={!matches} aria-label={t('reader.findPrevious')} title={t('reader.findPrevious')} data-testid="find-previous">
        ↑
      </button>
      <button type="button" className="btn btn-icon" onClick={() => step(1)} disabled={!matches} aria-label={t('reader.findNext')} title={t('reader.findNext')} data-testid="find-next">
        ↓
      </button>
      <button type="button" className="btn btn-icon" onClick={close} aria-label={t('reader.findClose')} title={t('reader.findClose')}>
        ×
      </button>
    </div>
  );
}
