/**
 * Choosing a deputy (ủy quyền dự họp): a user of the organization — then the live meeting's
 * voter roll knows who sits in the member's place — or, for a deputy without an account, a
 * free-text name. Used by the secretariat on any participant and by a member on his own seat.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Participant, UserProfile } from '../../../shared/entities';

const OTHER = '__other';

export interface DelegateChoice {
  delegateUserId: string | null;
  delegateName: string;
}

/** "Delegated to: <name>" for a participant, by account name first, else the free text; null when none. */
export function delegateLabel(p: Pick<Participant, 'delegateUserId' | 'delegateName'>, users: readonly UserProfile[]): string | null {
  if (p.delegateUserId) return users.find((u) => u.id === p.delegateUserId)?.fullName ?? p.delegateName ?? null;
  return p.delegateName || null;
}

export function DelegatePicker({
  participant,
  users,
  onChange,
  label,
  disabled,
}: {
  participant: Participant;
  users: readonly UserProfile[];
  onChange: (choice: DelegateChoice) => void;
  label?: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const current = participant.delegateUserId ?? (participant.delegateName ? OTHER : '');
  const [choice, setChoice] = useState(current);
  // Follow the saved row (e.g. after sync, or a conflict resolved with "take theirs").
  useEffect(() => setChoice(current), [current]);
  const candidates = users.filter((u) => u.id !== participant.userId);
  return (
    <span className="delegate-picker" data-testid="delegate-picker">
      <select
        aria-label={label ?? t('secretariat.delegate.label')}
        value={choice}
        disabled={disabled}
        data-testid="delegate-select"
        onChange={(e) => {
          const v = e.target.value;
          setChoice(v);
          if (v === OTHER) return; // wait for the name
          onChange({ delegateUserId: v || null, delegateName: '' });
        }}
      >
        <option value="">{t('secretariat.delegate.none')}</option>
        {candidates.map((u) => (
          <option key={u.id} value={u.id}>
            {u.fullName}
            {u.title ? ` — ${u.title}` : ''}
          </option>
        ))}
        <option value={OTHER}>{t('secretariat.delegate.other')}</option>
      </select>
      {choice === OTHER && (
        <input
          aria-label={t('secretariat.delegate.otherName')}
          placeholder={t('secretariat.delegate.otherName')}
          defaultValue={participant.delegateUserId ? '' : participant.delegateName}
          maxLength={200}
          disabled={disabled}
          data-testid="delegate-name"
          onBlur={(e) => {
            const name = e.target.value.trim();
            if (name && (name !== participant.delegateName || participant.delegateUserId)) onChange({ delegateUserId: null, delegateName: name });
          }}
        />
      )}
    </span>
  );
}
