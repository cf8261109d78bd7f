/**
 * The organisation the organisation-wide screens act on: the header's switcher (only for someone
 * in more than one organisation; kept per user on this device by the services) and the line each
 * such screen shows.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../shared/bridge';
import { invoke } from '../bridge';
import { errorText } from '../errors';
import { activeOrganisation, membershipsOf } from '../organisations';

export function ActiveOrganisationSwitch({ session, onSession }: { session: SessionInfo; onSession: (s: SessionInfo) => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const memberships = membershipsOf(session);
  if (memberships.length < 2) return null;
  const choose = (orgId: string) => {
    setBusy(true);
    invoke('session.setActiveOrganisation', { orgId })
      .then(
        (next) => {
          setError(null);
          onSession(next);
        },
        (e: unknown) => setError(errorText(t, e)),
      )
      .finally(() => setBusy(false));
  };
  return (
    <label className="active-org" title={t('organisations.activeHint')}>
      <span className="active-org-label">{t('organisations.active')}</span>
      <select data-testid="active-org-switch" value={activeOrganisation(session).orgId} disabled={busy} onChange={(e) => choose(e.target.value)}>
        {memberships.map((m) => (
          <option key={m.orgId} value={m.orgId}>
            {m.shortName || m.name}
          </option>
        ))}
      </select>
      {error && (
        <span className="active-org-error" role="alert">
          {error}
        </span>
      )}
    </label>
  );
}

/** "Tổ chức: …" above an organisation-wide screen, so nobody edits one committee believing it is another. */
export function ActingOrganisation({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  return (
    <p className="acting-org muted" data-testid="acting-org" data-org-id={activeOrganisation(session).orgId}>
      {t('organisations.actingOn', { org: activeOrganisation(session).name })}
    </p>
  );
}
