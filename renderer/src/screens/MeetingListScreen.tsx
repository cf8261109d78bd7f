import { useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingSummary } from '../../../shared/bridge';
import { changesMeetingList } from '../../../shared/rules/meeting-detail';
import { compareMeetingsForList, meetingBucket, type MeetingBucket } from '../../../shared/rules/meetings';
import { invoke } from '../bridge';
import { StatusBadge } from '../components/Badges';
import { ErrorBox, Loading } from '../components/Feedback';
import { takeFirstMeetings } from '../first-screen';
import { formatTime, formatWeekdayDate } from '../format';
import { useBridgeData, useNow } from '../hooks';
import { currentLocale } from '../i18n';
import { hrefFor } from '../router';
import { vietnamDay } from '../../../shared/time/vietnam-time';
import { MeetingCalendar } from '../meetings/MeetingCalendar';
import { MEETING_VIEWS, useMeetingView, type MeetingView } from '../meetings/useMeetingView';
import '../meetings/meetings.css';

const BUCKETS: readonly MeetingBucket[] = ['today', 'upcoming', 'past'];
const EMPTY_KEY = { today: 'meetings.emptyToday', upcoming: 'meetings.emptyUpcoming', past: 'meetings.emptyPast' } as const;
/**
 * How many meetings of a bucket show at first, and how many more each "Xem thêm" adds: a year of
 * a city committee's meetings is ~900 in the past alone, and a thousand cards would be read,
 * drawn and scrolled past to reach today's. Today's all show.
 */
export const MEETINGS_PAGE = 20;
const FIRST_SHOWN: Record<MeetingBucket, number> = { today: Infinity, upcoming: MEETINGS_PAGE, past: MEETINGS_PAGE };

export function groupMeetings(meetings: readonly MeetingSummary[], now: Date): Record<MeetingBucket, MeetingSummary[]> {
  const groups: Record<MeetingBucket, MeetingSummary[]> = { today: [], upcoming: [], past: [] };
  for (const m of meetings) groups[meetingBucket(m, now)].push(m);
  for (const b of BUCKETS) groups[b].sort((a, c) => compareMeetingsForList(a, c, b));
  return groups;
}

export function MeetingListScreen() {
  const { t } = useTranslation();
  const now = useNow();
  // Read again when a change touches a meeting's summary (not for a document opened, a note, a notice).
  const { data: all, error, loading, reload } = useBridgeData(() => invoke('meetings.list', {}), [], changesMeetingList, takeFirstMeetings);
  // A member of several organisations sees all their meetings, each marked with its own, and may keep to one.
  const organisations = useMemo(() => [...new Map((all ?? []).map((m) => [m.orgId, m.organisationName ?? m.orgId])).entries()], [all]);
  const several = organisations.length > 1;
  const [orgFilter, setOrgFilter] = useState('');
  const data = useMemo(() => (all && orgFilter ? all.filter((m) => m.orgId === orgFilter) : all), [all, orgFilter]);
  const groups = useMemo(() => (data ? groupMeetings(data, now) : null), [data, now]);

  const [view, setView] = useMeetingView();

  return (
    <div className="page meeting-list-page">
      <div className="meeting-list-head">
        <h1 className="page-title">{t('meetings.title')}</h1>
        {several && (
          <label className="organisation-filter">
            {t('meetings.organisation')}{' '}
            <select value={orgFilter} onChange={(e) => setOrgFilter(e.target.value)} data-testid="organisation-filter">
              <option value="">{t('meetings.allOrganisations')}</option>
              {organisations.map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        )}
        <ViewSwitch view={view} onView={setView} />
      </div>
      {loading && <Loading />}
      {error && <ErrorBox error={error} onRetry={reload} />}
      {data && view !== 'list' && <MeetingCalendar period={view} meetings={data} today={vietnamDay(now)} />}
      {groups && view === 'list' && (
        <>
          <nav className="bucket-nav" aria-label={t('meetings.tabsLabel')}>
            {BUCKETS.map((b) => (
              <a key={b} href={`#/meetings`} className="bucket-link" onClick={(e) => jumpTo(e, `bucket-${b}`)}>
                {t(`meetings.${b}`)} <span className="count">{groups[b].length}</span>
              </a>
            ))}
          </nav>
          {BUCKETS.map((b) => (
            <section key={b} className="bucket" id={`bucket-${b}`} aria-labelledby={`bucket-${b}-title`} data-testid={`bucket-${b}`}>
              <h2 id={`bucket-${b}-title`}>
                {t(`meetings.${b}`)} <span className="count">({groups[b].length})</span>
              </h2>
              {groups[b].length === 0 ? <p className="empty">{t(EMPTY_KEY[b])}</p> : <BucketCards bucket={b} meetings={groups[b]} showOrganisation={several} />}
            </section>
          ))}
        </>
      )}
    </div>
  );
}

/**
 * A bucket's cards, the first MEETINGS_PAGE of them, then "Xem thêm" for as many more; the focus
 * goes to the first card it added, so a keyboard or screen reader user goes on where the list did.
 */
function BucketCards({ bucket, meetings, showOrganisation }: { bucket: MeetingBucket; meetings: readonly MeetingSummary[]; showOrganisation: boolean }) {
  const { t } = useTranslation();
  const [limit, setLimit] = useState(FIRST_SHOWN[bucket]);
  const [focusAt, setFocusAt] = useState<number | null>(null);
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (focusAt === null) return;
    list.current?.querySelectorAll<HTMLElement>('[data-testid="meeting-card"]')[focusAt]?.focus();
    setFocusAt(null);
  }, [focusAt]);
  const shown = meetings.slice(0, limit);
  const more = Math.min(MEETINGS_PAGE, meetings.length - shown.length);
  return (
    <>
      <ul className="card-list meeting-rows" ref={list}>
        {shown.map((m) => (
          <li key={m.id}>
            <MeetingCard meeting={m} bucket={bucket} showOrganisation={showOrganisation} />
          </li>
        ))}
      </ul>
      {more > 0 && (
        <div className="bucket-more" data-testid={`bucket-more-${bucket}`}>
          <span className="muted" role="status">
            {t('meetings.shownOf', { shown: shown.length, total: meetings.length })}
          </span>
          <button
            type="button"
            className="btn btn-small"
            data-testid="meetings-show-more"
            onClick={() => {
              setLimit(shown.length + more);
              setFocusAt(shown.length);
            }}
          >
            {t('meetings.showMore', { count: more })}
          </button>
        </div>
      )}
    </>
  );
}

/** List, week or month: buttons that say which one is shown. */
function ViewSwitch({ view, onView }: { view: MeetingView; onView: (view: MeetingView) => void }) {
  const { t } = useTranslation();
  return (
    <div className="view-switch" role="group" aria-label={t('navigation.view.label')}>
      {MEETING_VIEWS.map((v) => (
        <button key={v} type="button" className="btn btn-small" aria-pressed={view === v} onClick={() => onView(v)} data-testid={`meetings-view-${v}`}>
          {t(`navigation.view.${v}`)}
        </button>
      ))}
    </div>
  );
}

/** Scrolls to a section without touching the hash (the hash is the route). */
function jumpTo(e: MouseEvent, id: string) {
  e.preventDefault();
  const el = document.getElementById(id);
  el?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  el?.querySelector('h2')?.setAttribute('tabindex', '-1');
  el?.querySelector('h2')?.focus({ preventScroll: true });
}

function MeetingCard({ meeting: m, bucket, showOrganisation }: { meeting: MeetingSummary; bucket: MeetingBucket; showOrganisation: boolean }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <a
      className={`meeting-card status-border-${m.status}`}
      href={hrefFor.meeting(m.id)}
      data-testid="meeting-card"
      data-bucket={bucket}
      data-meeting-id={m.id}
      title={t('meetings.open', { title: m.title })}
    >
      <div className="card-head">
        <h3 className="card-title">{m.title}</h3>
        <StatusBadge status={m.status} />
      </div>
      <div className="card-when">
        <time dateTime={m.startsAt}>{formatWeekdayDate(m.startsAt, locale)}</time>
        <span aria-hidden="true"> · </span>
        <span>{t('meetings.time', { start: formatTime(m.startsAt, locale), end: formatTime(m.endsAt, locale) })}</span>
      </div>
      <div className="card-meta">
        <span>{m.location ? t('meetings.location', { location: m.location }) : t('meetings.noLocation')}</span>
        <span>{m.chairName ? t('meetings.chair', { name: m.chairName }) : t('meetings.noChair')}</span>
        {showOrganisation && m.organisationName && <span data-testid="meeting-organisation">{t('meetings.ofOrganisation', { name: m.organisationName })}</span>}
      </div>
      <div className="card-counts">
        <span>{t('meetings.agendaCount', { count: m.agendaItemCount })}</span>
        <span>{t('meetings.documentCount', { count: m.documentCount })}</span>
        <span>{t('meetings.participantCount', { count: m.participantCount })}</span>
      </div>
    </a>
  );
}
