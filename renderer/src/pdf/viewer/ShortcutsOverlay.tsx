/** "?": the reader's keyboard shortcuts, over the pages; Esc, "?" or the close button hides it. */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

const LINES = [
  'reader.keys.pages',
  'navigation.reading.keys.arrows',
  'reader.keys.homeEnd',
  'navigation.reading.keys.goTo',
  'reader.keys.zoom',
  'navigation.reading.keys.zoomPlain',
  'reader.keys.find',
  'navigation.reading.keys.findSlash',
  'navigation.reading.keys.fullScreen',
  'reader.keys.rotate',
  'navigation.reading.keys.help',
  'navigation.reading.keys.escape',
] as const;

export function ShortcutsOverlay({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    // Back to where the reader was (the "?" button, or the pages).
    return () => before?.focus?.();
  }, []);
  return (
    <div className="pdf-help-panel" role="dialog" aria-modal="false" aria-labelledby="pdf-help-title" data-testid="shortcuts-overlay">
      <div className="pdf-help-head">
        <strong id="pdf-help-title">{t('reader.helpTitle')}</strong>
        <button ref={closeRef} type="button" className="btn btn-small" onClick={onClose} data-testid="shortcuts-close">
          {t('navigation.reading.helpClose')}
        </button>
      </div>
      <ul>
        {LINES.map((k) => (
          <li key={k}>{t(k)}</li>
        ))}
      </ul>
    </div>
  );
}
