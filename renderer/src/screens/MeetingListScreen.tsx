import { useRef, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingSummary } from '../../../shared/bridge';
import { MEETING_BUCKETS, type MeetingBucket } from '../../../shared/rules/meetings';
import { StatusBadge } from '../components/Badges';
import { ErrorBox, Loading } from '../components/Feedback';
import { takeFirstMeetings } from '../first-screen';
import { formatTime, formatWeekdayDate } from '../format';
import { currentLocale } from '../i18n';
import { hrefFor } from '../router';
import { MeetingCalendar } from '../meetings/MeetingCalendar';
import { MoreMeetings } from '../meetings/MoreMeetings';
import { FIRST_SHOWN, useMeetingPage, type ShownMeetings } from '../meetings/useMeetingPage';
import { MEETING_VIEWS, useMeetingView, type MeetingView } from '../meetings/useMeetingView';
import '../meetings/meetings.css';

const EMPTY_KEY = { today: 'meetings.emptyToday', upcoming: 'meetings.emptyUpcoming', past: 'meetings.emptyPast' } as const;

/** The page's input: empty for the first page of all organisations, the first screen's read (first-screen.ts). */
function pageInput(shown: ShownMeetings, orgId: string): { upcoming?: number; past?: number; orgId?: string } {
  return {
    ...(shown.upcoming !== FIRST_SHOWN.upcoming ? { upcoming: shown.upcoming } : {}),
    ...(shown.past !== FIRST_SHOWN.past ? { past: shown.past } : {}),
    ...(orgId ? { orgId } : {}),
  };
}

export function MeetingListScreen() {
  const { t } = useTranslation();
  const [view, setView] = useMeetingView();
  // A member of several organisations sees all their meetings, each marked with its own, and may keep to one.
  const [orgFilter, setOrgFilter] = useState('');
  // A page of the list (the calendars read their own week or month); it also names the
  // organisations for the filter.
  const { data: list, error, loading, reload, today, showMore } = useMeetingPage((shown) => pageInput(shown, orgFilter), [orgFilter], takeFirstMeetings);

  const organisations = list?.organisations ?? [];
  const several = organisations.length > 1;

  return (
    <div className="page meeting-list-page">
      <div className="meeting-list-head">
        <h1 className="page-title">{t('meetings.title')}</h1>
        {several && (
          <label className="organisation-filter">
            {t('meetings.organisation')}{' '}
            <select value={orgFilter} onChange={(e) => setOrgFilter(e.target.value)} data-testid="organisation-filter">
              <option value="">{t('meetings.allOrganisations')}</option>
              {organisations.map(({ id, name }) => (
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
      {view !== 'list' && <MeetingCalendar period={view} orgId={orgFilter} today={today} />}
      {list && view === 'list' && (
        <>
          <nav className="bucket-nav" aria-label={t('meetings.tabsLabel')}>
            {MEETING_BUCKETS.map((b) => (
              <a key={b} href={`#/meetings`} className="bucket-link" onClick={(e) => jumpTo(e, `bucket-${b}`)}>
                {t(`meetings.${b}`)} <span className="count">{list.counts[b]}</span>
              </a>
            ))}
          </nav>
          {MEETING_BUCKETS.map((b) => (
            <section key={b} className="bucket" id={`bucket-${b}`} aria-labelledby={`bucket-${b}-title`} data-testid={`bucket-${b}`}>
              <h2 id={`bucket-${b}-title`}>
                {t(`meetings.${b}`)} <span className="count">({list.counts[b]})</span>
              </h2>
              {list.counts[b] === 0 ? (
                <p className="empty">{t(EMPTY_KEY[b])}</p>
              ) : (
                <BucketCards bucket={b} meetings={list[b]} total={list.counts[b]} showOrganisation={several} onMore={b === 'today' ? undefined : () => showMore(b)} />
              )}
            </section>
          ))}
        </>
      )}
    </div>
  );
}

/** A bucket's cards, then, when it has more than are shown, "Xem thêm" (MoreMeetings). */
function BucketCards({ bucket, meetings, total, showOrganisation, onMore }: { bucket: MeetingBucket; meetings: readonly MeetingSummary[]; total: number; showOrganisation: boolean; onMore?: () => void }) {
  const list = useRef<HTMLUListElement>(null);
  return (
    <>
      <ul className="card-list meeting-rows" ref={list}>
        {meetings.map((m) => (
          <li key={m.id}>
            <MeetingCard meeting={m} bucket={bucket} showOrganisation={showOrganisation} />
          </li>
        ))}
      </ul>
      {onMore && <MoreMeetings bucket={bucket} shown={meetings.length} total={total} list={list} itemSelector='[data-testid="meeting-card"]' onMore={onMore} />}
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
