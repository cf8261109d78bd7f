/**
 * The signed-in user's organisations and his role in each: every screen decides by the role in
 * the organisation of what it shows (a meeting's), never by his home role (a secretary of one
 * committee is a plain member of another).
 */
import type { SessionInfo } from '../../shared/bridge';
import type { Role } from '../../shared/entities';
import type { SessionMembership } from '../../shared/organisations';
import { isSecretariat } from '../../shared/rules/meetings';

/** His memberships, home first (a session from an older services process: the home one alone). */
export function membershipsOf(session: SessionInfo): SessionMembership[] {
  if (session.memberships.length > 0) return session.memberships;
  const o = session.organization;
  return [{ orgId: o.id, name: o.name, shortName: o.shortName, role: session.user.role }];
}

/** His role in one organisation; null when he does not belong to it. */
export function roleIn(session: SessionInfo, orgId: string | null | undefined): Role | null {
  if (!orgId) return null;
  return membershipsOf(session).find((m) => m.orgId === orgId)?.role ?? null;
}

/** Whether he prepares the meetings of this organisation. */
export function secretariatIn(session: SessionInfo, orgId: string | null | undefined): boolean {
  const role = roleIn(session, orgId);
  return role !== null && isSecretariat(role);
}

/** The organisations where he is secretariat (the secretariat area lists only their meetings). */
export function secretariatOrganisations(session: SessionInfo): SessionMembership[] {
  return membershipsOf(session).filter((m) => isSecretariat(m.role));
}

/** The highest of his roles for an area not tied to one organisation (navigation links). */
export function anyRole(session: SessionInfo, allowed: (r: Role) => boolean): boolean {
  return membershipsOf(session).some((m) => allowed(m.role));
}

/**
 * The organisation his organisation-wide screens act on (audit log, accounts, decision rules,
 * retention, tasks): the one chosen in the header, else his home one.
 */
export function activeOrganisation(session: SessionInfo): SessionMembership {
  const all = membershipsOf(session);
  return all.find((m) => m.orgId === session.activeOrgId) ?? all.find((m) => m.orgId === session.organization.id) ?? all[0];
}

/** His role in the active organisation. */
export function activeRole(session: SessionInfo): Role {
  return activeOrganisation(session).role;
}
