/**
 * What a member sees of the secretariat's work on a meeting's page: check-in, his deputy, the
 * live quorum, the chair's "Bắt đầu họp" button, and the list of what changed since publication.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingSummary } from '../../../shared/bridge';
import type { UserProfile } from '../../../shared/entities';
import type { MeetingExtras, QuorumView } from '../../../shared/secretariat-bridge';
import { invoke } from '../bridge';
import { formatDateTime, formatTime } from '../format';
import { useBridgeData } from '../hooks';
import { currentLocale } from '../i18n';
import { holdsVote, mayRecordOwnAttendance } from '../../../shared/rules/meeting-roles';
import { changesMeetingExtras } from '../../../shared/rules/meeting-detail';
import { DelegatePicker } from './DelegatePicker';
import { participantMutations } from './mutations';
import { useSaver } from './Saver';
import { StartMeetingButton } from './StartMeetingButton';
import { NewVersionChangesLink } from '../versions/VersionChangesLink';

export function QuorumBadge({ quorum }: { quorum: QuorumView }) {
  const { t } = useTranslation();
  return (
    <p className={`quorum ${quorum.reached ? 'reached' : 'not-reached'}`} data-testid="quorum" data-reached={quorum.reached ? 'true' : 'false'} aria-live="polite">
      <strong>{quorum.reached ? t('secretariat.attendance.quorumReached') : t('secretariat.attendance.quorumNotReached')}</strong>{' '}
      {t('secretariat.attendance.quorum', { present: quorum.present, members: quorum.members, required: quorum.required })}
    </p>
  );
}

/** The deputies a member may name, plus the one already recorded (e.g. approved by the chair) so it still shows. */
function withCurrentDeputy(allowed: UserProfile[], everyone: UserProfile[], current: string | null): UserProfile[] {
  if (!current || allowed.some((u) => u.id === current)) return allowed;
  return [...allowed, ...everyone.filter((u) => u.id === current)];
}

export function MeetingExtrasPanel({ meeting }: { meeting: MeetingSummary }) {
  const { t } = useTranslation();
  const { data } = useBridgeData<{ extras: MeetingExtras; users: UserProfile[]; deputies: UserProfile[] }>(
    async () => {
      const [extras, users, head] = await Promise.all([invoke('meetings.extras', { id: meeting.id }), invoke('secretariat.users', { orgId: meeting.orgId }), invoke('meetings.head', { id: meeting.id })]);
      // A member names as his voting deputy another member (or the chair) of this meeting: the
      // organisation's decision rules; anyone else only the chair or the secretariat records.
      const deputies = head.participants.filter(({ participant, user }) => user && holdsVote(participant.role)).map(({ user }) => user!);
      return { extras, users, deputies };
    },
    [meeting.id],
    (c) => changesMeetingExtras(c, meeting.id),
  );
  if (!data || meeting.status === 'draft') return null;
  const me = data.extras.myParticipant;
  const chairs = me !== null && (me.role === 'chair' || meeting.chairId === me.userId);
  // Only voting seats check themselves in and name a deputy; the secretariat records the others.
  const ownAttendance = me !== null && meeting.status !== 'closed' && mayRecordOwnAttendance(me.role);
  return (
    <section className="meeting-extras" aria-label={t('secretariat.attendance.title')}>
      <div className="extras-row">
        <QuorumBadge quorum={data.extras.quorum} />
        {chairs && <StartMeetingButton meeting={meeting} />}
        {ownAttendance && <CheckIn extras={data.extras} />}
      </div>
      {ownAttendance && me && me.attendance !== 'present' && <MyDeputy extras={data.extras} users={withCurrentDeputy(data.deputies, data.users, me.delegateUserId)} />}
      <WhatChanged extras={data.extras} />
    </section>
  );
}

function CheckIn({ extras }: { extras: MeetingExtras }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const saver = useSaver('checkin-status');
  const [sent, setSent] = useState(false);
  const me = extras.myParticipant!;
  if (me.attendance === 'present')
    return (
      <p className="checked-in" data-testid="checked-in">
        ✓ {t('secretariat.attendance.checkedIn', { time: me.checkedInAt ? formatTime(me.checkedInAt, locale) : '' })}
      </p>
    );
  return (
    <div>
      <button
        type="button"
        className="btn btn-primary"
        disabled={sent || saver.busy}
        onClick={async () => {
          setSent(true);
          if (!(await saver.save(() => [participantMutations.setAttendance({ participantId: me.id, attendance: 'present' })]))) setSent(false);
        }}
        data-testid="check-in"
      >
        {t('secretariat.attendance.checkIn')}
      </button>
      {saver.view}
    </div>
  );
}

/** A member names who attends in his place (he is then recorded absent) or withdraws it. */
function MyDeputy({ extras, users }: { extras: MeetingExtras; users: UserProfile[] }) {
  const { t } = useTranslation();
  const saver = useSaver('my-deputy-status');
  const me = extras.myParticipant!;
  return (
    <div className="extras-row my-deputy" data-testid="my-deputy">
      <span aria-hidden="true">{t('secretariat.delegate.mine')}</span>{' '}
      <DelegatePicker
        participant={me}
        users={users}
        label={t('secretariat.delegate.mine')}
        disabled={saver.busy}
        onChange={(choice) => {
          const withdraw = !choice.delegateUserId && !choice.delegateName;
          void saver.save(() => [participantMutations.setAttendance({ participantId: me.id, attendance: withdraw ? 'unknown' : 'absent', ...choice })]);
        }}
      />
      {saver.view}
    </div>
  );
}

function WhatChanged({ extras }: { extras: MeetingExtras }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  if (extras.changes.length === 0) return null;
  return (
    <details className="what-changed" open data-testid="what-changed">
      <summary>{t('secretariat.changes.title')}</summary>
      <ul>
        {extras.changes.map((c) => (
          <li key={c.id} data-testid="what-changed-item" data-change={c.change}>
            <time dateTime={c.at}>{formatDateTime(c.at, locale)}</time> — {t(`secretariat.changes.${c.change}`, { subject: c.subject || t('secretariat.changes.confidential') })}
            <NewVersionChangesLink change={c} versions={extras.versions} />
          </li>
        ))}
      </ul>
    </details>
  );
}
