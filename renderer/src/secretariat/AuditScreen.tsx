/** The audit log (who, what, when, before/after) for the secretariat, with CSV export. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../shared/secretariat';
import { invoke } from '../bridge';
import { ErrorBox, Loading } from '../components/Feedback';
import { errorText } from '../errors';
import { formatDateTime } from '../format';
import { useBridgeData } from '../hooks';
import { currentLocale } from '../i18n';
import { secretariatHref } from './routes';
import { download } from './util';

export function AuditScreen() {
  const { t } = useTranslation();
  return (
    <div className="page secretariat-page">
      <a className="back-link" href={secretariatHref.home()}>
        <span aria-hidden="true">← </span>
        {t('secretariat.editor.back')}
      </a>
      <h1 className="page-title">{t('secretariat.audit.title')}</h1>
      <AuditList />
    </div>
  );
}

export function AuditList({ meetingId }: { meetingId?: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { data, error, loading, reload } = useBridgeData<AuditEntry[]>(() => invoke('secretariat.audit', meetingId ? { meetingId } : {}), [meetingId], () => false);
  const [exportError, setExportError] = useState<unknown>(null);
  const exportCsv = async () => {
    setExportError(null);
    try {
      const csv = await invoke('secretariat.auditCsv', meetingId ? { meetingId } : {});
      download(csv.fileName, { text: csv.text }, 'text/csv;charset=utf-8');
    } catch (e) {
      setExportError(e);
    }
  };
  const brief = (v: unknown) => {
    if (v === null || v === undefined) return '—';
    const o = v as Record<string, unknown>;
    return String(o.title ?? o.attendance ?? o.role ?? JSON.stringify(v)).slice(0, 120);
  };
  return (
    <div data-testid="audit-list">
      <div className="row-actions">
        <button type="button" className="btn btn-small" onClick={reload}>
          {t('app.retry')}
        </button>
        <button type="button" className="btn btn-small" onClick={exportCsv} data-testid="audit-export">
          {t('secretariat.audit.export')}
        </button>
      </div>
      {exportError !== null && <p role="alert">{errorText(t, exportError)}</p>}
      {loading && <Loading />}
      {error && <ErrorBox error={error} onRetry={reload} />}
      {data && data.length === 0 && <p className="empty small">{t('secretariat.audit.empty')}</p>}
      {data && data.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th>{t('secretariat.audit.when')}</th>
              <th>{t('secretariat.audit.who')}</th>
              <th>{t('secretariat.audit.what')}</th>
              <th>Before</th>
              <th>After</th>
            </tr>
          </thead>
          <tbody>
            {data.slice(0, 200).map((e) => (
              <tr key={e.id} data-testid="audit-row">
                <td>{formatDateTime(e.at, locale)}</td>
                <td>{e.userName ?? t('secretariat.audit.system')}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>{brief(e.before)}</td>
                <td>{brief(e.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
