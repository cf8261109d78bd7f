/**
 * A user's organisations and his role in each. Every access rule of the server is written for
 * ONE organisation (a viewer is an account seen in one organisation: `Viewer`, or a `UserRow`
 * whose `org_id`/`role` are that membership); a request is decided in the organisation of what
 * it touches (a meeting, a document, a request…), and what a user receives is the union of what
 * each of his memberships may receive. The home membership is the account row's own
 * `org_id`/`role`, so an account made before organisations existed is a member of its one.
 */
import type { Role } from '../../shared/entities';
import { AppError } from '../../shared/errors';
import { isSecretariat } from '../../shared/rules/meetings';
import type { Db } from '../db/open';
import type { UserRow } from '../db/schema';
import { viewerOf, type Viewer } from '../sync/access';

export interface Membership {
  orgId: string;
  role: Role;
}

const CHUNK = 500;

/** Each user's memberships, the home one first. */
export async function membershipsOfEach(db: Db, users: readonly Pick<UserRow, 'id' | 'org_id' | 'role'>[]): Promise<Map<string, Membership[]>> {
  const out = new Map<string, Membership[]>();
  for (const u of users) out.set(u.id, [{ orgId: u.org_id, role: u.role as Role }]);
  const ids = [...out.keys()];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db.selectFrom('organisation_members').select(['org_id', 'user_id', 'role']).where('user_id', 'in', ids.slice(i, i + CHUNK)).execute();
    for (const r of rows) {
      const list = out.get(r.user_id)!;
      if (!list.some((m) => m.orgId === r.org_id)) list.push({ orgId: r.org_id, role: r.role as Role });
    }
  }
  return out;
}

export async function membershipsOf(db: Db, user: Pick<UserRow, 'id' | 'org_id' | 'role'>): Promise<Membership[]> {
  return (await membershipsOfEach(db, [user])).get(user.id)!;
}

/**
 * The account as a member of `orgId` (its role there), or undefined when it is not one. `user`
 * may already be seen in another of his organisations (a request naming one): his memberships
 * are read from his account, never from what `user` carries.
 */
export async function asMemberOf<U extends Pick<UserRow, 'id' | 'org_id' | 'role'>>(db: Db, user: U, orgId: string): Promise<U | undefined> {
  if (user.org_id === orgId) return user;
  const home = await db.selectFrom('users').select(['id', 'org_id', 'role']).where('id', '=', user.id).executeTakeFirst();
  const m = home && (await membershipsOf(db, home)).find((x) => x.orgId === orgId);
  return m ? { ...user, org_id: m.orgId, role: m.role } : undefined;
}

/**
 * The account as a member of the organisation of `meetingId`, for a route acting on that
 * meeting: his role there decides. Not a member there (or no such meeting): not_found, so a
 * meeting of another organisation is not revealed.
 */
export async function memberOfMeeting<U extends Pick<UserRow, 'id' | 'org_id' | 'role'>>(db: Db, user: U, meetingId: string): Promise<U> {
  const m = await db.selectFrom('meetings').select('org_id').where('id', '=', meetingId).executeTakeFirst();
  const member = m && (await asMemberOf(db, user, m.org_id));
  if (!member) throw new AppError('not_found', 'meeting not found');
  return member;
}

/** Everyone who is secretariat (secretary or administrator) of an organisation: home or member. */
export async function secretariatOf(db: Db, orgId: string): Promise<string[]> {
  return [...(await rolesIn(db, orgId))].filter(([, role]) => isSecretariat(role)).map(([id]) => id);
}

/**
 * The account as seen in the organisation of `meetingId`: there, his role is the one of that
 * membership. Not a member (or no such meeting): the account as it is, which every rule then
 * refuses (its organisation is not the meeting's).
 */
export async function inOrgOfMeeting<U extends Pick<UserRow, 'id' | 'org_id' | 'role'>>(db: Db, user: U, meetingId: string): Promise<U> {
  const m = await db.selectFrom('meetings').select('org_id').where('id', '=', meetingId).executeTakeFirst();
  return (m && (await asMemberOf(db, user, m.org_id))) || user;
}

/** One viewer per membership (the home one first). */
export async function viewersOf(db: Db, user: Pick<UserRow, 'id' | 'org_id' | 'role'> & { deployment_admin?: number }): Promise<Viewer[]> {
  return (await membershipsOf(db, user)).map((m) => viewerOf({ ...user, org_id: m.orgId, role: m.role }));
}

/** Whether `a` and `b` share an organisation. */
export async function shareAnOrganisation(db: Db, a: Pick<UserRow, 'id' | 'org_id' | 'role'>, b: Pick<UserRow, 'id' | 'org_id' | 'role'>): Promise<boolean> {
  const m = await membershipsOfEach(db, [a, b]);
  const orgs = new Set(m.get(a.id)!.map((x) => x.orgId));
  return m.get(b.id)!.some((x) => orgs.has(x.orgId));
}

/**
 * The members of an organisation (among `userIds`, or all) with their role there: the people a
 * secretariat may seat, ask to read, sign or give an opinion.
 */
export async function rolesIn(db: Db, orgId: string, userIds?: readonly string[]): Promise<Map<string, Role>> {
  const out = new Map<string, Role>();
  if (userIds && userIds.length === 0) return out;
  let extra = db.selectFrom('organisation_members').select(['user_id as id', 'role']).where('org_id', '=', orgId);
  let home = db.selectFrom('users').select(['id', 'role']).where('org_id', '=', orgId);
  if (userIds) {
    extra = extra.where('user_id', 'in', [...userIds]);
    home = home.where('id', 'in', [...userIds]);
  }
  for (const r of await extra.execute()) out.set(r.id, r.role as Role);
  for (const r of await home.execute()) out.set(r.id, r.role as Role);
  return out;
}

/** The organisations an account belongs to (home first), by its id alone. */
export async function orgIdsOfAccount(db: Db, userId: string): Promise<Set<string>> {
  const home = await db.selectFrom('users').select(['id', 'org_id', 'role']).where('id', '=', userId).executeTakeFirst();
  return new Set(home ? (await membershipsOf(db, home)).map((m) => m.orgId) : []);
}

/**
 * Profiles with the memberships the reader may know of: those in organisations he belongs to
 * too (`readerOrgs`), or all of them (the account itself, the deployment's administrator: null).
 */
export async function withMemberships<P extends { id: string; orgId: string; role: Role }>(
  db: Db,
  profiles: readonly P[],
  readerOrgs: ReadonlySet<string> | null,
): Promise<(P & { memberships: Membership[] })[]> {
  const all = await membershipsOfEach(
    db,
    profiles.map((p) => ({ id: p.id, org_id: p.orgId, role: p.role })),
  );
  return profiles.map((p) => ({ ...p, memberships: all.get(p.id)!.filter((m) => readerOrgs === null || readerOrgs.has(m.orgId)) }));
}
