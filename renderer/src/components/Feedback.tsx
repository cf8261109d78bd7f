import { useTranslation } from 'react-i18next';
import { errorText } from '../errors';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('app.loading')}
    </div>
  );
}

/** A translated error with an optional retry button. */
export function ErrorBox({ error, onRetry, text }: { error: unknown; onRetry?: () => void; text?: string }) {
  const { t } = useTranslation();
  return (
    <div className="error-box" role="alert" data-testid="error-box">
      <p>{text ?? errorText(t, error)}</p>
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          {t('app.retry')}
        </button>
      )}
    </div>
  );
}
