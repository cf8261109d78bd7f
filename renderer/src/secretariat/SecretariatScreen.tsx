/**
 * The secretariat's home: the meetings of the organisations he prepares (drafts included), today's,
 * the next and the latest ones with "Xem thêm" (a year is ~900), create, duplicate ("from the
 * previous one").
 */
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingSummary } from '../../../shared/bridge';
import { MEETING_BUCKETS, type MeetingBucket } from '../../../shared/rules/meetings';
import { invoke } from '../bridge';
import { StatusBadge } from '../components/Badges';
import { ErrorBox, Loading } from '../components/Feedback';
import { formatDateTime } from '../format';
import { MoreMeetings } from '../meetings/MoreMeetings';
import { useMeetingPage } from '../meetings/useMeetingPage';
import { currentLocale } from '../i18n';
import { navigate } from '../router';
import { secretariatHref } from './routes';
import { agendaItemMutations, meetingMutations, participantMutations, type MutationInput } from './mutations';
import { useSaver } from './Saver';
import { newId } from './util';
import { addDays, vietnamDay, vietnamInstant } from '../../../shared/time/vietnam-time';

import type { SessionInfo } from '../../../shared/bridge';
import { secretariatOrganisations } from '../organisations';

export function SecretariatScreen({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  // A page of the meetings of the organisations he prepares.
  const { data, error, loading, reload, showMore } = useMeetingPage((shown) => ({ preparing: true, ...shown }), []);
  const saver = useSaver('home-save-status');
  const [busy, setBusy] = useState(false);
  // Only the meetings of the organisations he is secretariat of; a new one goes to the chosen one.
  const orgs = secretariatOrganisations(session);
  const [orgChoice, setOrgChoice] = useState<string>('');
  const newIn = orgs.find((o) => o.orgId === orgChoice)?.orgId ?? orgs[0]?.orgId;

  const create = async () => {
    setBusy(true);
    const id = newId();
    // Tomorrow 08:00–11:00 Vietnam time as a starting point.
    const day = addDays(vietnamDay(Date.now()), 1);
    const ok = await saver.save(() => [
      meetingMutations.upsert({ id, orgId: newIn, title: t('secretariat.home.newTitle'), startsAt: vietnamInstant(day, '08:00').toISOString(), endsAt: vietnamInstant(day, '11:00').toISOString(), location: '', status: 'draft', chairId: null, kind: 'regular' }),
    ]);
    setBusy(false);
    if (ok) navigate(secretariatHref.meeting(id));
  };

  /** A copy as a new draft: same people and agenda, a month later (documents are not copied). */
  const duplicate = async (m: MeetingSummary) => {
    setBusy(true);
    const detail = await invoke('meetings.get', { id: m.id });
    const id = newId();
    const shift = (iso: string) => {
      const d = new Date(iso);
      d.setUTCMonth(d.getUTCMonth() + 1);
      return d.toISOString();
    };
    const mutations: MutationInput[] = [
      meetingMutations.upsert({
        id,
        orgId: m.orgId,
        title: t('secretariat.home.duplicateTitle', { title: m.title }),
        startsAt: shift(m.startsAt),
        endsAt: shift(m.endsAt),
        location: m.location,
        status: 'draft',
        chairId: m.chairId,
        kind: m.kind,
        onlineLink: m.onlineLink,
        hostAgency: m.hostAgency,
        quorumNumerator: m.quorumNumerator,
        quorumDenominator: m.quorumDenominator,
      }),
      ...detail.participants.map(({ participant: p }) => participantMutations.upsert({ id: newId(), meetingId: id, userId: p.userId, role: p.role })),
      ...detail.agenda.map(({ item }) =>
        agendaItemMutations.upsert({
          id: newId(),
          meetingId: id,
          position: item.position,
          title: item.title,
          presenterId: item.presenterId,
          presenterLabel: item.presenterLabel,
          presenterAgency: item.presenterAgency,
          plannedMinutes: item.plannedMinutes,
        }),
      ),
    ];
    const ok = await saver.save(() => mutations);
    setBusy(false);
    if (ok) navigate(secretariatHref.meeting(id));
  };

  return (
    <div className="page secretariat-page" data-testid="secretariat-home">
      <div className="page-head">
        <h1 className="page-title">{t('secretariat.home.title')}</h1>
        <div className="row-actions">
          <a className="btn" href={secretariatHref.tasks()}>
            {t('secretariat.home.tasks')}
          </a>
          <a className="btn" href={secretariatHref.audit()}>
            {t('secretariat.home.audit')}
          </a>
          {orgs.length > 1 && (
            <select value={newIn ?? ''} onChange={(e) => setOrgChoice(e.target.value)} aria-label={t('organisations.newMeetingIn')} data-testid="new-meeting-org">
              {orgs.map((o) => (
                <option key={o.orgId} value={o.orgId}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
          <button type="button" className="btn btn-primary" onClick={create} disabled={busy} data-testid="new-meeting">
            {t('secretariat.home.newMeeting')}
          </button>
        </div>
      </div>
      {saver.view}
      {loading && <Loading />}
      {error && <ErrorBox error={error} onRetry={reload} />}
      {data && MEETING_BUCKETS.every((b) => data.counts[b] === 0) && <p className="empty">{t('secretariat.home.empty')}</p>}
      {data &&
        MEETING_BUCKETS.filter((b) => data.counts[b] > 0).map((b) => (
          <SecretariatBucket key={b} bucket={b} meetings={data[b]} total={data.counts[b]} onMore={b === 'today' ? undefined : () => showMore(b)}>
            {(m) => <SecretariatRow key={m.id} meeting={m} showOrganisation={orgs.length > 1} busy={busy} onDuplicate={() => duplicate(m)} />}
          </SecretariatBucket>
        ))}
    </div>
  );
}


/** One group of the home (today's, coming, past), its count in the heading, "Xem thêm" under it. */
function SecretariatBucket({ bucket, meetings, total, onMore, children }: { bucket: MeetingBucket; meetings: readonly MeetingSummary[]; total: number; onMore?: () => void; children: (m: MeetingSummary) => ReactNode }) {
  const { t } = useTranslation();
  const list = useRef<HTMLUListElement>(null);
  return (
    <section className="bucket" aria-labelledby={`sec-bucket-${bucket}-title`} data-testid={`sec-bucket-${bucket}`}>
      <h2 id={`sec-bucket-${bucket}-title`}>
        {t(`meetings.${bucket}`)} <span className="count">({total})</span>
      </h2>
      <ul className="sec-list" ref={list}>
        {meetings.map(children)}
      </ul>
      {onMore && <MoreMeetings bucket={bucket} shown={meetings.length} total={total} list={list} itemSelector=".sec-row-title" onMore={onMore} />}
    </section>
  );
}

/** A meeting of the home: its title (to its editor), organisation, time, kind, counts, status, "Nhân bản". */
function SecretariatRow({ meeting: m, showOrganisation, busy, onDuplicate }: { meeting: MeetingSummary; showOrganisation: boolean; busy: boolean; onDuplicate: () => void }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <li className="sec-row" data-testid="sec-meeting" data-meeting-id={m.id}>
      <div>
        <a href={secretariatHref.meeting(m.id)} className="sec-row-title">
          {m.title}
        </a>
        <div className="muted small">
          {showOrganisation && m.organisationName && (
            <>
              <span className="org-label" data-testid="sec-meeting-org">
                {m.organisationName}
              </span>{' '}
              ·{' '}
            </>
          )}
          {formatDateTime(m.startsAt, locale)} · {t(`secretariat.kind.${m.kind}`)} · {t('meetings.participantCount', { count: m.participantCount })} ·{' '}
          {t('meetings.agendaCount', { count: m.agendaItemCount })}
        </div>
      </div>
      <div className="row-actions">
        <StatusBadge status={m.status} />
        <button type="button" className="btn btn-small" onClick={onDuplicate} disabled={busy} data-testid="duplicate-meeting">
          {t('secretariat.home.duplicate')}
        </button>
      </div>
    </li>
  );
}
