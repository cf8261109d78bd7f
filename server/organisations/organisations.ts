/**
 * Creating organisations and adding people to them (the deployment's administrator, through
 * `ecabinet org`): every change is audited and reaches the clients of the people concerned.
 */
import { randomUUID } from 'node:crypto';
import { Role } from '../../shared/entities';
import { AppError } from '../../shared/errors';
import { recordAudit } from '../audit/record-audit';
import type { Db } from '../db/open';
import { scopeOf, viewerOf } from '../sync/access';
import { handOverOrganisation } from './catch-up';
import { ChangeRecorder, type LoggedChange } from '../sync/changelog';

export interface OrganisationSummary {
  id: string;
  name: string;
  shortName: string;
  members: number;
}

/** An organisation by its id or its short name (case-insensitive). */
export async function organisationNamed(db: Db, idOrShortName: string): Promise<{ id: string }> {
  const all = await db.selectFrom('organizations').select(['id', 'short_name']).execute();
  const want = idOrShortName.trim().toLowerCase();
  const found = all.find((o) => o.id === idOrShortName.trim()) ?? all.find((o) => o.short_name.toLowerCase() === want);
  if (!found) throw new AppError('not_found', `no organisation "${idOrShortName}"`, { field: 'org' });
  return { id: found.id };
}

export async function createOrganisation(db: Db, o: { name: string; shortName: string }, now = new Date(), by?: { id: string }): Promise<OrganisationSummary> {
  const name = o.name.trim();
  const shortName = o.shortName.trim();
  if (!name || name.length > 300) throw new AppError('validation_failed', 'name is required (at most 300 characters)', { field: 'name' });
  if (!shortName || shortName.length > 60) throw new AppError('validation_failed', 'short name is required (at most 60 characters)', { field: 'shortName' });
  return db.transaction().execute(async (trx) => {
    const taken = (await trx.selectFrom('organizations').select('short_name').execute()).some((x) => x.short_name.toLowerCase() === shortName.toLowerCase());
    if (taken) throw new AppError('conflict', `short name "${shortName}" already exists`, { field: 'shortName' });
    const id = randomUUID();
    const at = now.toISOString();
    await trx.insertInto('organizations').values({ id, name, short_name: shortName, created_at: at }).execute();
    await new ChangeRecorder(trx, at).log('organization', id, 'upsert', scopeOf.org(id));
    await recordAudit(trx, { userId: by?.id ?? null, action: 'organization.add', entity: 'organization', entityId: id, after: { name, shortName }, at, orgId: id });
    return { id, name, shortName, members: 0 };
  });
}

export async function listOrganisations(db: Db): Promise<OrganisationSummary[]> {
  const orgs = await db.selectFrom('organizations').select(['id', 'name', 'short_name']).orderBy('created_at').orderBy('id').execute();
  const counts = await db.selectFrom('organisation_members').select(['org_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('org_id').execute();
  const n = new Map(counts.map((c) => [c.org_id, Number(c.n)]));
  return orgs.map((o) => ({ id: o.id, name: o.name, shortName: o.short_name, members: n.get(o.id) ?? 0 }));
}

/**
 * Makes an existing account a member of an organisation with a role there (or changes his role
 * there). His home organisation's role stays on his account row too.
 */
export async function addMember(db: Db, m: { org: string; username: string; role: Role }, now = new Date(), by?: { id: string }): Promise<{ logged: LoggedChange[] }> {
  if (!Role.safeParse(m.role).success) throw new AppError('validation_failed', `role must be one of ${Role.options.join(', ')}`, { field: 'role' });
  return db.transaction().execute(async (trx) => {
    const org = await organisationNamed(trx, m.org);
    const user = await trx.selectFrom('users').select(['id', 'org_id', 'role', 'deployment_admin']).where('username', '=', m.username.trim().toLowerCase()).executeTakeFirst();
    if (!user) throw new AppError('not_found', `no user "${m.username}"`, { field: 'username' });
    const at = now.toISOString();
    const before = await trx.selectFrom('organisation_members').select('role').where('org_id', '=', org.id).where('user_id', '=', user.id).executeTakeFirst();
    if (before) await trx.updateTable('organisation_members').set({ role: m.role }).where('org_id', '=', org.id).where('user_id', '=', user.id).execute();
    else await trx.insertInto('organisation_members').values({ org_id: org.id, user_id: user.id, role: m.role, created_at: at }).execute();
    if (user.org_id === org.id) await trx.updateTable('users').set({ role: m.role }).where('id', '=', user.id).execute();
    const rec = new ChangeRecorder(trx, at);
    // His new colleagues receive his profile; he receives the organisation (and, on his next pull, its people).
    await rec.log('user', user.id, 'upsert', scopeOf.org(org.id));
    await rec.log('organization', org.id, 'upsert', scopeOf.user(user.id));
    for (const p of await trx.selectFrom('organisation_members').select('user_id').where('org_id', '=', org.id).execute())
      if (p.user_id !== user.id) await rec.log('user', p.user_id, 'upsert', scopeOf.user(user.id));
    // What he may now see there already exists: his client's next pull brings it (no re-snapshot).
    const asMember = (role: string) => viewerOf({ id: user.id, org_id: org.id, role, deployment_admin: user.deployment_admin });
    await handOverOrganisation(trx, rec, asMember(m.role), before ? asMember(before.role) : user.org_id === org.id ? asMember(user.role) : undefined);
    await recordAudit(trx, { userId: by?.id ?? null, action: 'organization.member', entity: 'user', entityId: user.id, before: before ? { role: before.role } : undefined, after: { role: m.role }, at, orgId: org.id });
    return { logged: rec.logged };
  });
}
