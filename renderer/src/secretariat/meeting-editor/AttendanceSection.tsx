/**
 * Attendance of a published meeting: present / absent / unknown per participant, delegates
 * shown, live quorum. "Not checked in" is the normal state before the meeting starts, so it is
 * shown plainly; it turns red only once the meeting is under way and the person is still not here.
 */
import { useTranslation } from 'react-i18next';
import type { MeetingDetail } from '../../../../shared/bridge';
import type { Attendance, MeetingStatus, UserProfile } from '../../../../shared/entities';
import type { MeetingExtras } from '../../../../shared/secretariat-bridge';
import { delegateLabel } from '../DelegatePicker';
import { QuorumBadge } from '../MeetingExtrasPanel';
import { participantMutations } from '../mutations';
import { useSaver } from '../Saver';

type Tone = 'ok' | 'neutral' | 'alert';

/** How loudly the chosen state is shown: present is good news, not knowing yet only matters once the meeting runs. */
function toneOf(attendance: Attendance, status: MeetingStatus): Tone {
  if (attendance === 'present') return 'ok';
  if (attendance === 'unknown' && status === 'in_progress') return 'alert';
  return 'neutral';
}

export function AttendanceSection({ detail, extras, users }: { detail: MeetingDetail; extras: MeetingExtras; users: UserProfile[] }) {
  const { t } = useTranslation();
  const saver = useSaver('attendance-save-status');
  if (detail.meeting.status === 'draft') return null;
  return (
    <section className="editor-section" aria-labelledby="sec-attendance">
      <h2 id="sec-attendance">{t('secretariat.attendance.title')}</h2>
      <QuorumBadge quorum={extras.quorum} />
      <ul className="edit-list">
        {detail.participants.map(({ participant: p, user }) => (
          <li key={p.id} className="edit-row" data-testid="attendance-row" data-attendance={p.attendance}>
            <span className="grow">
              {user?.fullName ?? t('meeting.unknownUser')} <span className="muted small">({t(`roles.${p.role}`)})</span>
              {delegateLabel(p, users) && (
                <span className="muted small" data-testid="delegate-shown">
                  {' '}
                  — {t('secretariat.delegate.shown', { name: delegateLabel(p, users) })}
                </span>
              )}
            </span>
            {(['present', 'absent', 'unknown'] as const).map((a) => (
              <button
                key={a}
                type="button"
                className={`btn btn-small attendance-choice${p.attendance === a ? ` chosen tone-${toneOf(a, detail.meeting.status)}` : ''}`}
                aria-pressed={p.attendance === a}
                data-tone={p.attendance === a ? toneOf(a, detail.meeting.status) : undefined}
                onClick={() => saver.save(() => [participantMutations.setAttendance({ participantId: p.id, attendance: a })])}
              >
                {t(`secretariat.attendance.${a}`)}
              </button>
            ))}
          </li>
        ))}
      </ul>
      {saver.view}
    </section>
  );
}
