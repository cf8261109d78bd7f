import { useTranslation } from 'react-i18next';
import type { LocalDocument, MeetingDetail } from '../../../shared/bridge';
import { agendaTimePlan } from '../../../shared/rules/meetings';
import { ClassificationBadge, StatusBadge } from '../components/Badges';
import { ErrorBox, Loading } from '../components/Feedback';
import { addMinutes, formatSize, formatTime, formatWeekdayDate } from '../format';
import { currentLocale } from '../i18n';
import { hrefFor } from '../router';
import { MeetingExtrasPanel } from '../secretariat/MeetingExtrasPanel';
import { liveHref } from '../live/routes';
import { useMeetingDetail } from '../meetings/useMeetingDetail';
import { SignedBadge, useSignedDocuments } from '../signing/SignedBadge';
import { RetentionNote } from '../retention/RetentionNote';
import { VersionChangesLink } from '../versions/VersionChangesLink';
import { useReaderCodeWarm } from './reader-code';

export function MeetingScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useMeetingDetail(id);
  useReaderCodeWarm(Boolean(data && (data.documents.length > 0 || data.agenda.some((a) => a.documents.length > 0))));
  return (
    <div className="page meeting-page">
      <a className="back-link" href={hrefFor.meetings()} data-testid="back-to-list">
        <span aria-hidden="true">← </span>
        {t('app.backToList')}
      </a>
      {loading && <Loading />}
      {error && <ErrorBox error={error} onRetry={reload} />}
      {data && <MeetingBody detail={data} />}
    </div>
  );
}

function MeetingBody({ detail }: { detail: MeetingDetail }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const m = detail.meeting;
  const signed = useSignedDocuments(m.id);
  const agenda = [...detail.agenda].sort((a, b) => a.item.position - b.item.position);
  const plan = agendaTimePlan(agenda.map((a) => a.item));

  return (
    <>
      <header className="meeting-header" data-testid="meeting-header">
        <div className="meeting-title-row">
          <h1 className="page-title">{m.title}</h1>
          <StatusBadge status={m.status} />
        </div>
        <div className="meeting-facts">
          <span>
            <time dateTime={m.startsAt}>{formatWeekdayDate(m.startsAt, locale)}</time>
            {', '}
            {t('meetings.time', { start: formatTime(m.startsAt, locale), end: formatTime(m.endsAt, locale) })}
          </span>
          <span>{m.location ? t('meetings.location', { location: m.location }) : t('meetings.noLocation')}</span>
          <span>{m.chairName ? t('meetings.chair', { name: m.chairName }) : t('meetings.noChair')}</span>
          {m.myRole && <span>{t('meeting.myRole', { role: t(`roles.${m.myRole}`) })}</span>}
        </div>
      </header>
      {m.status !== 'draft' && (
        <p className="live-link">
          <a className="btn btn-primary" href={liveHref(m.id)} data-testid="open-live-meeting">
            {t('liveMeeting.open')}
          </a>
        </p>
      )}
      <MeetingExtrasPanel meeting={m} />

      <div className="meeting-columns">
        <section className="agenda" aria-labelledby="agenda-title">
          <h2 id="agenda-title">{t('meeting.agenda')}</h2>
          {agenda.length === 0 ? (
            <p className="empty">{t('meeting.agendaEmpty')}</p>
          ) : (
            <ol className="agenda-list">
              {agenda.map(({ item, presenter, documents }, i) => (
                <li key={item.id} className="agenda-item" data-testid="agenda-item" data-position={item.position}>
                  <div className="agenda-pos" aria-label={t('meeting.itemNumber', { position: item.position })}>
                    {item.position}
                  </div>
                  <div className="agenda-body">
                    <h3 className="agenda-title">{item.title}</h3>
                    <div className="agenda-meta">
                      {(item.presenterLabel || presenter) && (
                        <span>{t('meeting.presenter', { name: item.presenterLabel || presenter?.fullName })}</span>
                      )}
                      <span data-testid="agenda-start">
                        {t('meeting.startsAt', { time: formatTime(addMinutes(m.startsAt, plan[i].startMinute), locale) })}
                      </span>
                      <span>{t('meeting.plannedMinutes', { count: item.plannedMinutes })}</span>
                    </div>
                    <DocumentList documents={documents} signed={signed} />
                  </div>
                </li>
              ))}
            </ol>
          )}
          {detail.documents.length > 0 && (
            <>
              <h2>{t('meeting.documents')}</h2>
              <DocumentList documents={detail.documents} signed={signed} />
            </>
          )}
        </section>

        <aside className="participants" aria-labelledby="participants-title">
          <h2 id="participants-title">{t('meeting.participants')}</h2>
          {detail.participants.length === 0 ? (
            <p className="empty">{t('meeting.participantsEmpty')}</p>
          ) : (
            <ul className="participant-list">
              {detail.participants.map(({ participant, user }) => (
                <li key={participant.id} data-testid="participant">
                  <span className="participant-name">{user?.fullName ?? t('meeting.unknownUser')}</span>
                  {user?.title && <span className="participant-title">{user.title}</span>}
                  <span className={`role-tag role-${participant.role}`}>{t(`roles.${participant.role}`)}</span>
                </li>
              ))}
            </ul>
          )}
        </aside>
      </div>
    </>
  );
}

/** `signed`: the documents that carry the "Chữ ký số" badge (asked once for the whole meeting). */
function DocumentList({ documents, signed }: { documents: LocalDocument[]; signed: ReadonlySet<string> }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  if (documents.length === 0) return <p className="empty small">{t('meeting.noDocuments')}</p>;
  return (
    <ul className="document-list">
      {documents.map((d) => {
        const isNew = d.viewedVersion === null || d.viewedVersion < d.version;
        return (
          <li key={d.id}>
            <a
              className="document-link"
              href={hrefFor.document(d.id)}
              data-testid="document-link"
              data-document-id={d.id}
              data-cached={d.cached ? 'true' : 'false'}
              data-new={isNew ? 'true' : 'false'}
            >
              {isNew && (
                <span className="new-dot" data-testid="document-new" title={t('document.newVersionHint')}>
                  <span className="sr-only">{t('document.newVersion')}</span>
                </span>
              )}
              <span className="doc-icon" aria-hidden="true">
                {t('document.pdfBadge')}
              </span>
              <span className="doc-title">{d.title}</span>
              <span className="doc-meta">
                <ClassificationBadge classification={d.classification} />
                <span>{t('document.version', { version: d.version })}</span>
                <span>{formatSize(d.size, locale, t)}</span>
                <span
                  className={d.cached ? 'cached yes' : 'cached no'}
                  data-testid="document-cached"
                >
                  <span aria-hidden="true">{d.cached ? '✓ ' : '↓ '}</span>
                  {d.cached ? t('document.cached') : t('document.notCached')}
                </span>
                <RetentionNote retention={d.retention} />
              </span>
            </a>
            {signed.has(d.id) && <SignedBadge documentId={d.id} />}
            <VersionChangesLink documentId={d.id} version={d.version} />
          </li>
        );
      })}
    </ul>
  );
}
