/**
 * The audit log for the secretariat: who (full name), what (the action's name, Vietnamese
 * first), when, and what changed as "before → after" per field; filters by meeting, person,
 * action and days; pages of 50, newest first; CSV export of the filtered log.
 */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { AUDIT_ACTIONS, codeNameKey, fieldNameOf, isOwnId, namedIds, type AuditChange, type AuditEntry, type AuditFilter, type AuditValue } from '../../../shared/audit';
import { invoke } from '../bridge';
import { ErrorBox, Loading } from '../components/Feedback';
import { errorText } from '../errors';
import { formatDateTime } from '../format';
import { useBridgeData } from '../hooks';
import { currentLocale } from '../i18n';
import { secretariatHref } from './routes';
import { download } from './util';
import { DateTimeField } from '../forms/DateTimeField';
import type { SessionInfo } from '../../../shared/bridge';
import { ActingOrganisation } from '../components/ActiveOrganisation';
import { meetingOptions } from '../meetings/meeting-options';
import { MeetingPicker } from '../meetings/MeetingPicker';

const PAGE_SIZE = 50;

export function AuditScreen({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  return (
    <div className="page secretariat-page" data-testid="audit-screen">
      <a className="back-link" href={secretariatHref.home()}>
        <span aria-hidden="true">← </span>
        {t('secretariat.editor.back')}
      </a>
      <h1 className="page-title">{t('secretariat.audit.title')}</h1>
      <ActingOrganisation session={session} />
      <AuditList />
    </div>
  );
}

/** The action's name in the UI language; an unnamed action shows its code. */
const actionLabel = (t: TFunction, action: string) => t(`audit.action.${action}`, { defaultValue: action });
const fieldLabel = (t: TFunction, field: string) => fieldNameOf(field, (part) => t(`audit.field.${part}`, { defaultValue: part }));
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function valueText(t: TFunction, entity: string, c: AuditChange, v: AuditValue, names: Record<string, string>, locale: ReturnType<typeof currentLocale>): string {
  if (v === null || v === '') return t('audit.empty');
  if (typeof v === 'boolean') return t(v ? 'audit.yes' : 'audit.no');
  if (typeof v === 'string' && ISO_INSTANT.test(v)) return formatDateTime(v, locale);
  // A day (a task's deadline) as the app writes days: dd/mm/yyyy.
  if (typeof v === 'string' && ISO_DAY.test(v)) return `${v.slice(8, 10)}/${v.slice(5, 7)}/${v.slice(0, 4)}`;
  const code = codeNameKey(entity, c.field, v);
  if (code) return t(code, { defaultValue: String(v) });
  // Ids by what they name (a meeting's title, a person's name); a list of them, each.
  return namedIds(c.field, v, names) ?? String(v);
}

function Changes({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { entity, names } = entry;
  // The record's own id says nothing to a reader (the CSV keeps it).
  const changes = entry.changes.filter((c) => !isOwnId(c.field));
  if (changes.length === 0) return <span className="small">—</span>;
  const text = (c: AuditChange, v: AuditValue) => valueText(t, entity, c, v, names, locale);
  return (
    <ul className="audit-changes" data-testid="audit-changes">
      {changes.map((c) => (
        <li key={c.field}>
          <strong>{fieldLabel(t, c.field)}</strong>: {text(c, c.before)} → {text(c, c.after)}
        </li>
      ))}
    </ul>
  );
}

export function AuditList({ meetingId }: { meetingId?: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [draft, setDraft] = useState<AuditFilter>({});
  const [filter, setFilter] = useState<AuditFilter>({});
  // Cursors of the pages seen so far: going back pops one.
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const beforeId = cursors[cursors.length - 1];
  const query = { ...filter, ...(meetingId ? { meetingId } : {}) };
  const { data, error, loading, reload } = useBridgeData(
    () => invoke('secretariat.audit', { ...query, beforeId, limit: PAGE_SIZE }),
    [meetingId, JSON.stringify(filter), beforeId],
    () => false,
  );
  const meetings = useBridgeData(() => (meetingId ? Promise.resolve([]) : invoke('meetings.list', {})), [meetingId], () => false);
  const meetingFieldId = useId();
  const meetingChoices = useMemo(() => meetingOptions(meetings.data ?? [], locale), [meetings.data, locale]);
  const [exportError, setExportError] = useState<unknown>(null);
  const exportCsv = async () => {
    setExportError(null);
    try {
      const csv = await invoke('secretariat.auditCsv', query);
      download(csv.fileName, { text: csv.text }, 'text/csv;charset=utf-8');
    } catch (e) {
      setExportError(e);
    }
  };
  const apply = (next: AuditFilter) => {
    setFilter(next);
    setCursors([undefined]);
  };
  const setDay = (k: 'from' | 'to') => (day: string | null) => setDraft((d) => ({ ...d, [k]: day || undefined }));
  const set = (k: keyof AuditFilter) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value || undefined }));
  return (
    <div data-testid="audit-list">
      <form
        className="audit-filters row-actions"
        onSubmit={(e) => {
          e.preventDefault();
          apply(draft);
        }}
      >
        {!meetingId && (
          <div className="audit-filter-meeting">
            <label htmlFor={meetingFieldId}>{t('audit.filter.meeting')}</label>
            <MeetingPicker
              id={meetingFieldId}
              choices={meetingChoices}
              value={draft.meetingId ?? ''}
              onChange={(id) => setDraft((d) => ({ ...d, meetingId: id || undefined }))}
              emptyLabel={t('audit.filter.all')}
              testId="audit-filter-meeting"
            />
          </div>
        )}
        <label>
          {t('audit.filter.person')}
          <select value={draft.userId ?? ''} onChange={set('userId')} data-testid="audit-filter-person">
            <option value="">{t('audit.filter.all')}</option>
            {(data?.people ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.filter.action')}
          <select value={draft.action ?? ''} onChange={set('action')} data-testid="audit-filter-action">
            <option value="">{t('audit.filter.all')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {actionLabel(t, a)}
              </option>
            ))}
          </select>
        </label>
        <DateTimeField kind="day" className="inline-date" label={t('audit.filter.from')} value={draft.from ?? ''} onChange={setDay('from')} testId="audit-filter-from" />
        <DateTimeField kind="day" className="inline-date" label={t('audit.filter.to')} value={draft.to ?? ''} onChange={setDay('to')} testId="audit-filter-to" />
        <button type="submit" className="btn btn-small" data-testid="audit-filter-apply">
          {t('audit.filter.apply')}
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            setDraft({});
            apply({});
          }}
        >
          {t('audit.filter.clear')}
        </button>
        <button type="button" className="btn btn-small" onClick={reload}>
          {t('app.retry')}
        </button>
        <button type="button" className="btn btn-small" onClick={exportCsv} data-testid="audit-export">
          {t('secretariat.audit.export')}
        </button>
      </form>
      {exportError !== null && <p role="alert">{errorText(t, exportError)}</p>}
      {loading && <Loading />}
      {error && <ErrorBox error={error} onRetry={reload} />}
      {data && data.entries.length === 0 && <p className="empty small">{t('secretariat.audit.empty')}</p>}
      {data && data.entries.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th>{t('secretariat.audit.when')}</th>
              <th>{t('secretariat.audit.who')}</th>
              <th>{t('secretariat.audit.what')}</th>
              <th>{t('audit.changes')}</th>
            </tr>
          </thead>
          <tbody>
            {data.entries.map((e) => (
              <tr key={e.id} data-testid="audit-row">
                <td>{formatDateTime(e.at, locale)}</td>
                <td>{e.userName ?? t('secretariat.audit.system')}</td>
                <td data-testid="audit-action">{actionLabel(t, e.action)}</td>
                <td>
                  <Changes entry={e} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="row-actions audit-pages">
        <button type="button" className="btn btn-small" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))} data-testid="audit-newer">
          {t('audit.page.newer')}
        </button>
        <span className="small">{t('audit.page.number', { page: cursors.length })}</span>
        <button
          type="button"
          className="btn btn-small"
          disabled={!data?.nextBeforeId}
          onClick={() => data?.nextBeforeId && setCursors((c) => [...c, data.nextBeforeId!])}
          data-testid="audit-older"
        >
          {t('audit.page.older')}
        </button>
      </div>
    </div>
  );
}
