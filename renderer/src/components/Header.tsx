import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo, SyncStatus } from '../../../shared/bridge';
import { hrefFor, useRoute } from '../router';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationToggle } from '../notifications/NotificationToggle';
import { SearchBox } from './SearchBox';
import { SyncIndicator } from './SyncIndicator';
import { NoticeBell } from '../secretariat/NoticeBell';
import { secretariatHref } from '../secretariat/routes';
import { signingHref } from '../signing/routes';
import { OpinionsNavLink } from '../written-opinions/OpinionsNavLink';
import { isSecretariat } from '../../../shared/rules/meetings';
import { activeRole, anyRole, membershipsOf } from '../organisations';
import { ActiveOrganisationSwitch } from './ActiveOrganisation';
import { mayUseSigningWorkflow, mayUseWrittenOpinions } from '../../../shared/rules/meeting-roles';

export function Header({
  session,
  sync,
  onSync,
  onLogout,
  onSession,
}: {
  session: SessionInfo;
  sync: SyncStatus | null;
  onSync: (s: SyncStatus) => void;
  onLogout: () => Promise<void>;
  /** The session after he chose another active organisation. */
  onSession: (s: SessionInfo) => void;
}) {
  const { t } = useTranslation();
  const [leaving, setLeaving] = useState(false);
  const route = useRoute();
  const memberships = membershipsOf(session);
  const onMeetings = route.name === 'meetings' || route.name === 'meeting';
  const logout = () => {
    setLeaving(true);
    onLogout().finally(() => setLeaving(false));
  };
  return (
    <header className="app-header">
      <div className="header-top">
        <a className="brand" href={hrefFor.meetings()}>
          <span className="brand-emblem" aria-hidden="true">★</span>
          <span className="brand-text">
            <span className="org-name" data-testid="org-name">
              {/* The organisation he is working for (the switcher's choice), else his home one. */}
              {memberships.find((m) => m.orgId === session.activeOrgId)?.name ?? session.organization.name}
            </span>
            <span className="app-name">
              {t('app.name')} · {t('app.tagline')}
            </span>
          </span>
        </a>
        <div className="header-actions">
          <SearchBox />
          <div className="user-box" data-testid="user-box" title={t('header.signedInAs', { name: session.user.fullName })}>
            <span className="user-name">{session.user.fullName}</span>
            {session.user.title && <span className="user-title">{session.user.title}</span>}
            {memberships.length > 1 && (
              <span className="user-orgs" data-testid="user-memberships">
                {memberships.map((m, i) => (
                  <Fragment key={m.orgId}>
                    {i > 0 && ' · '}
                    <span data-testid="user-membership" data-org-id={m.orgId}>
                      {t('organisations.roleIn', { org: m.shortName || m.name, role: t(`roles.${m.role}`) })}
                    </span>
                  </Fragment>
                ))}
              </span>
            )}
          </div>
          <ActiveOrganisationSwitch session={session} onSession={onSession} />
          <LanguageSwitch />
          <NotificationToggle />
          <button type="button" className="btn btn-ghost" onClick={logout} disabled={leaving} data-testid="logout">
            {leaving ? t('header.loggingOut') : t('header.logout')}
          </button>
        </div>
      </div>
      {/* Work lists get their own row so the header never squeezes the user's name. */}
      <nav className="header-nav" aria-label={t('navigation.mainLabel')}>
        <a className="btn btn-ghost nav-meetings" href={hrefFor.meetings()} data-testid="nav-meetings" aria-current={onMeetings ? 'page' : undefined}>
          {t('navigation.meetings')}
        </a>
        {anyRole(session, isSecretariat) && (
          <a className="btn btn-ghost" href={secretariatHref.home()} data-testid="nav-secretariat">
            {t('secretariat.nav')}
          </a>
        )}
        {anyRole(session, mayUseSigningWorkflow) && (
          <a className="btn btn-ghost" href={signingHref.list()} data-testid="nav-signing">
            {t('signing.workflow.nav')}
          </a>
        )}
        {anyRole(session, mayUseWrittenOpinions) && <OpinionsNavLink />}
        {activeRole(session) === 'admin' && (
          <a className="btn btn-ghost" href={hrefFor.admin()} data-testid="nav-admin">
            {t('admin.nav')}
          </a>
        )}
        <NoticeBell />
        <SyncIndicator status={sync} onStatus={onSync} />
      </nav>
    </header>
  );
}
