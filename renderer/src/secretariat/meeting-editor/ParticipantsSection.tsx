/** Who takes part: each participant's role, delegate and removal, and a row to add a person. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingDetail } from '../../../../shared/bridge';
import type { ParticipantRole, UserProfile } from '../../../../shared/entities';
import { mayHaveDeputy, mayStandInAsDeputy } from '../../../../shared/rules/meeting-roles';
import { DelegatePicker } from '../DelegatePicker';
import { participantMutations } from '../mutations';
import { useSaver } from '../Saver';
import { newId } from '../util';
import { RoleOptions, UserOptions } from './SelectOptions';

export function ParticipantsSection({ detail, users }: { detail: MeetingDetail; users: UserProfile[] }) {
  const { t } = useTranslation();
  const saver = useSaver('participants-save-status');
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<ParticipantRole>('member');
  const taken = new Set(detail.participants.map((p) => p.participant.userId));
  // Officials only: the secretariat, administrators and guests never sit in a member's place.
  const deputyCandidates = users.filter((u) => mayStandInAsDeputy(u.role));
  const meetingId = detail.meeting.id;
  const add = async () => {
    if (!userId) return;
    if (await saver.save(() => [participantMutations.upsert({ id: newId(), meetingId, userId, role })])) setUserId('');
  };
  return (
    <section className="editor-section" aria-labelledby="sec-participants">
      <h2 id="sec-participants">{t('secretariat.participants.title')}</h2>
      {detail.participants.length === 0 && <p className="empty small">{t('secretariat.participants.empty')}</p>}
      <ul className="edit-list">
        {detail.participants.map(({ participant: p, user }) => (
          <li key={p.id} className="edit-row" data-testid="editor-participant">
            <span className="grow">
              <strong>{user?.fullName ?? t('meeting.unknownUser')}</strong>
              {user?.title && <span className="muted small"> — {user.title}</span>}
            </span>
            <select
              aria-label={t('secretariat.participants.role')}
              value={p.role}
              onChange={(e) =>
                saver.save((base) => [
                  participantMutations.upsert({ id: p.id, meetingId, userId: p.userId, role: e.target.value as ParticipantRole, baseRevision: base ?? p.revision }),
                ])
              }
            >
              <RoleOptions />
            </select>
            {mayHaveDeputy(p.role) && (
              <DelegatePicker
                participant={p}
                users={deputyCandidates}
                label={t('secretariat.participants.delegate')}
                onChange={(choice) =>
                  void saver.save((base) => [participantMutations.upsert({ id: p.id, meetingId, userId: p.userId, role: p.role, ...choice, baseRevision: base ?? p.revision })])
                }
              />
            )}
            <button type="button" className="btn btn-small" onClick={() => saver.save((b) => [participantMutations.remove(p.id, b ?? p.revision)])}>
              {t('secretariat.participants.remove')}
            </button>
          </li>
        ))}
      </ul>
      <div className="edit-row add-row">
        <select value={userId} onChange={(e) => setUserId(e.target.value)} aria-label={t('secretariat.participants.person')} data-testid="participant-pick">
          <option value="">{t('secretariat.participants.pick')}</option>
          <UserOptions users={users.filter((u) => !taken.has(u.id))} />
        </select>
        <select value={role} onChange={(e) => setRole(e.target.value as ParticipantRole)} aria-label={t('secretariat.participants.role')} data-testid="participant-role">
          <RoleOptions />
        </select>
        <button type="button" className="btn" onClick={add} disabled={!userId || saver.busy} data-testid="participant-add">
          {t('secretariat.participants.add')}
        </button>
      </div>
      {saver.view}
    </section>
  );
}
