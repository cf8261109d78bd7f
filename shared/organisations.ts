/** Several organisations (committees) in one deployment: what the server and the apps share about them. */
import { z } from 'zod';
import { Id } from './ids';
import { Role, type UserProfile } from './entities';
import { isSecretariat } from './rules/meetings';

/**
 * A request made on behalf of one of the caller's organisations (audit log, decision rules,
 * accounts, uploads) names it in this header; without it, his home organisation. Naming one he
 * does not belong to is refused (403).
 */
export const ORGANISATION_HEADER = 'x-ecabinet-org';

/** One of the signed-in user's organisations and his role there, as the apps show it. */
export const SessionMembership = z.object({
  orgId: Id,
  name: z.string().max(300),
  shortName: z.string().max(100),
  role: Role,
});
export type SessionMembership = z.infer<typeof SessionMembership>;

/** A person's memberships: those the profile carries, else his home one alone. */
export function membershipsOfProfile(u: Pick<UserProfile, 'orgId' | 'role' | 'memberships'>): { orgId: string; role: Role }[] {
  const list = u.memberships && u.memberships.length > 0 ? u.memberships : [{ orgId: u.orgId, role: u.role }];
  return list.some((m) => m.orgId === u.orgId) ? list : [{ orgId: u.orgId, role: u.role }, ...list];
}

/**
 * A person's role in one organisation (a chair of one committee is a plain member of another);
 * null when he does not belong to it. Every screen decides by the role in the organisation of
 * what it shows (a meeting's), never by the home role.
 */
export function roleInOrganisation(u: Pick<UserProfile, 'orgId' | 'role' | 'memberships'>, orgId: string): Role | null {
  return membershipsOfProfile(u).find((m) => m.orgId === orgId)?.role ?? null;
}

/** The organisations where he prepares meetings (secretary or administrator). */
export function secretariatOrgIds(memberships: readonly { orgId: string; role: Role }[]): string[] {
  return memberships.filter((m) => isSecretariat(m.role)).map((m) => m.orgId);
}

// ---- the deployment's administrator: organisations and their members ---------------------

export const OrganisationSummary = z.object({
  id: Id,
  name: z.string(),
  shortName: z.string(),
  /** People who belong to it besides those whose home it is (organisation_members). */
  members: z.number().int().min(0),
});
export type OrganisationSummary = z.infer<typeof OrganisationSummary>;

export const CreateOrganisationRequest = z.object({
  name: z.string().trim().min(1).max(300),
  shortName: z.string().trim().min(1).max(60),
});
export type CreateOrganisationRequest = z.infer<typeof CreateOrganisationRequest>;

export const AddMemberRequest = z.object({
  username: z.string().trim().min(1).max(64),
  role: Role,
});
export type AddMemberRequest = z.infer<typeof AddMemberRequest>;

export const ORGANISATION_ROUTES = {
  list: '/api/organisations',
  members: (id: string) => `/api/organisations/${id}/members`,
} as const;
