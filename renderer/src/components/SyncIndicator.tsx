import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../shared/bridge';
import { invoke } from '../bridge';
import { errorText } from '../errors';
import { formatDateTime, formatTime } from '../format';
import { vietnamDay } from '../../../shared/time/vietnam-time';
import { currentLocale } from '../i18n';
import { isUnreachable } from '../../../shared/error-codes';

/** Online / syncing (with file progress) / offline, pending changes, and "Sync now". */
export function SyncIndicator({ status, onStatus }: { status: SyncStatus | null; onStatus: (s: SyncStatus) => void }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [busy, setBusy] = useState(false);
  // The error itself, worded when drawn: a language switch re-words it.
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);

  const syncNow = () => {
    setBusy(true);
    setFailure(null);
    invoke('sync.now', {})
      .then(onStatus, (e: unknown) => setFailure({ error: e }))
      .finally(() => setBusy(false));
  };

  const state = status?.state ?? 'offline';
  let label: string;
  let detail: string | null = null;
  if (!status) {
    label = t('app.loading');
  } else if (state === 'syncing') {
    label = t('sync.syncing');
    const { filesDone, filesTotal } = status.download;
    if (filesTotal > 0) detail = t('sync.progress', { done: filesDone, total: filesTotal });
  } else if (state === 'online') {
    if (status.lastSyncAt) {
      const sameDay = vietnamDay(status.lastSyncAt) === vietnamDay(new Date());
      label = t('sync.onlineAt', { time: sameDay ? formatTime(status.lastSyncAt, locale) : formatDateTime(status.lastSyncAt, locale) });
    } else label = t('sync.online');
    if (status.offlineReady && status.offlineReady.total > 0) detail = t('sync.offlineReady', status.offlineReady);
  } else {
    label = t('sync.offline');
    detail = status.offlineReady && status.offlineReady.total > 0 ? t('sync.offlineReady', status.offlineReady) : t('sync.offlineHint');
  }
  // "Offline" already says the server is unreachable; only other failures are worth a line.
  const failureCode = status?.lastError && !(state === 'offline' && isUnreachable(status.lastError)) ? status.lastError : null;
  const lastError = failureCode ? t('sync.lastError', { message: t(`errors.${failureCode}`) }) : null;

  return (
    <div className="sync-bar">
      <div
        className={`sync-indicator sync-${state}`}
        data-testid="sync-indicator"
        data-state={status ? state : 'unknown'}
        role="status"
        aria-live="polite"
        aria-label={t('sync.statusLabel')}
      >
        <span className="sync-dot" aria-hidden="true" />
        <span className="sync-label">{label}</span>
        {detail && <span className="sync-detail">{detail}</span>}
        {lastError && state !== 'syncing' && (
          <span className="sync-error" data-testid="sync-last-error">
            {lastError}
          </span>
        )}
        {status && status.pendingMutations > 0 && (
          <span className="sync-pending" data-testid="sync-pending">
            {t('sync.pending', { count: status.pendingMutations })}
          </span>
        )}
      </div>
      <button type="button" className="btn btn-small" onClick={syncNow} disabled={busy || state === 'syncing'} data-testid="sync-now">
        {t('sync.syncNow')}
      </button>
      {failure && (
        <span className="sync-failure" role="alert">
          {errorText(t, failure.error)}
        </span>
      )}
    </div>
  );
}
