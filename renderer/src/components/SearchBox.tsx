import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hrefFor, navigate, useRoute } from '../router';

/** The header's search box: searches every document cached on this computer (see SearchScreen). */
export function SearchBox() {
  const { t } = useTranslation();
  const route = useRoute();
  const [q, setQ] = useState(route.name === 'search' ? route.q : '');
  useEffect(() => {
    if (route.name === 'search') setQ(route.q);
  }, [route]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (q.trim()) navigate(hrefFor.search(q.trim()));
  };
  return (
    <form className="search-box" role="search" onSubmit={submit}>
      <input
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder={t('reader.search.placeholder')}
        aria-label={t('reader.search.label')}
        data-testid="search-input"
        maxLength={200}
      />
      <button type="submit" className="btn btn-ghost" data-testid="search-submit">
        {t('reader.search.submit')}
      </button>
    </form>
  );
}
