/** The <option> lists the editor's pickers share: people ("Full name — title"), participant roles, document classifications. */
import { useTranslation } from 'react-i18next';
import type { UserProfile } from '../../../../shared/entities';

/** People as "Full name — title (role)": the role in the meeting's organisation (the editor asks for those). */
export function UserOptions({ users }: { users: UserProfile[] }) {
  const { t } = useTranslation();
  return users.map((u) => (
    <option key={u.id} value={u.id} data-role={u.role}>
      {u.fullName}
      {u.title ? ` — ${u.title}` : ''} ({t(`roles.${u.role}`)})
    </option>
  ));
}

const ROLES = ['chair', 'member', 'guest', 'secretary'] as const;

export function RoleOptions() {
  const { t } = useTranslation();
  return ROLES.map((r) => (
    <option key={r} value={r}>
      {t(`roles.${r}`)}
    </option>
  ));
}

const CLASSIFICATIONS = ['public', 'internal', 'confidential'] as const;

export function ClassificationOptions() {
  const { t } = useTranslation();
  return CLASSIFICATIONS.map((c) => (
    <option key={c} value={c}>
      {t(`classification.${c}`)}
    </option>
  ));
}
