/** Fixed labels (no interpolation) translated once per language, not on every render. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * `label(key)`: `t(key)`, kept until the language changes. The toolbar renders again whenever the
 * reader moves (page shown, pages drawn); i18next's t() allocates kilobytes a call, and its
 * ~30 labels were translated again each time.
 */
export function useLabels(): (key: string) => string {
  const { t } = useTranslation();
  return useMemo(() => {
    const cache = new Map<string, string>();
    return (key: string) => {
      let s = cache.get(key);
      if (s === undefined) cache.set(key, (s = t(key)));
      return s;
    };
  }, [t]);
}
