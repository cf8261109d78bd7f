/**
 * What the `ecabinet` command does to a data folder without starting the server (accounts,
 * decision rules, change-log compaction). Kept apart from `index.ts` so those commands load the
 * database code only, not the web server, PDF and signing libraries (a command starts in a
 * fraction of the time).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Role, UserProfile } from '../shared/entities';
import { AppError } from '../shared/errors';
import type { DecisionRules } from '../shared/rules/voting';
import { hashPassword, MIN_PASSWORD_LENGTH, type PasswordHashing } from './auth/password';
import { recordAudit } from './audit/record-audit';
import { Kysely } from 'kysely';
import { privateDir } from './data-files';
import type { DatabaseOption } from './db/dialect';
import { openDatabase, openPostgres, type Db } from './db/open';
import { loadDecisionRules, saveDecisionRules } from './rules/decision-rules';
import { scopeOf } from './sync/access';
import { ChangeRecorder, compactChangeLogDb, currentSeq } from './sync/changelog';
import { toUserProfile } from './sync/rows';
import { addMember, createOrganisation, listOrganisations, organisationNamed, type OrganisationSummary } from './organisations/organisations';

export const DB_FILE_NAME = 'ecabinet.sqlite';
export const DEFAULT_ORG_NAME = 'Ủy ban nhân dân';

/** What a command needs to reach the server's rows: the data folder (SQLite there), or also the database. */
export type ServerStorage = string | { dataDir: string; database?: DatabaseOption };

/** Opens (and migrates) the server's database: the data folder's SQLite file, or PostgreSQL. */
export async function openServerDatabase(dataDir: string, database: DatabaseOption = { kind: 'sqlite' }): Promise<Db> {
  // The folder holds the blobs and keys whichever database holds the rows.
  await privateDir(dataDir);
  if (database.kind === 'postgres') return openPostgres(database.url);
  return openDatabase(join(dataDir, DB_FILE_NAME));
}

export const openStorage = (target: ServerStorage): Promise<Db> =>
  typeof target === 'string' ? openServerDatabase(target) : openServerDatabase(target.dataDir, target.database);

const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/**
 * Creates an account (CLI `ecabinet user add`). Creates the organisation "Ủy ban nhân dân"
 * when the database has none. Works while a server runs on the same data dir (WAL).
 */
export async function addUser(
  storage: ServerStorage,
  u: { username: string; fullName: string; role: Role; password: string; title?: string; org?: string },
  opts: { passwordHashing?: PasswordHashing } = {},
): Promise<UserProfile> {
  const username = u.username.trim().toLowerCase();
  if (!USERNAME_RE.test(username))
    throw new AppError('validation_failed', 'username: 2-64 characters, lower-case letters, digits, ".", "_" or "-"', { field: 'username' });
  if (!Role.safeParse(u.role).success) throw new AppError('validation_failed', `role must be one of ${Role.options.join(', ')}`, { field: 'role' });
  if ([...u.password].length < MIN_PASSWORD_LENGTH)
    throw new AppError('validation_failed', `password must have at least ${MIN_PASSWORD_LENGTH} characters`, { field: 'password', min: MIN_PASSWORD_LENGTH });
  const fullName = u.fullName.trim();
  if (!fullName || fullName.length > 200) throw new AppError('validation_failed', 'full name is required (at most 200 characters)', { field: 'fullName' });
  const title = (u.title ?? '').trim();
  if (title.length > 300) throw new AppError('validation_failed', 'title is at most 300 characters', { field: 'title' });

  const db = await openStorage(storage);
  try {
    // Before the hash (most of a second at the production cost); checked again in the transaction.
    if (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst())
      throw new AppError('conflict', `username "${username}" already exists`, { field: 'username' });
    const passwordHash = await hashPassword(u.password, opts.passwordHashing);
    const nowIso = new Date().toISOString();
    return await db.transaction().execute(async (trx) => {
      if (await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst())
        throw new AppError('conflict', `username "${username}" already exists`, { field: 'username' });
      const rec = new ChangeRecorder(trx, nowIso);
      let org = u.org
        ? await organisationNamed(trx, u.org)
        : await trx.selectFrom('organizations').select('id').orderBy('created_at').orderBy('id').executeTakeFirst();
      if (!org) {
        org = { id: randomUUID() };
        await trx.insertInto('organizations').values({ id: org.id, name: DEFAULT_ORG_NAME, short_name: 'UBND', created_at: nowIso }).execute();
        await rec.log('organization', org.id, 'upsert', scopeOf.org(org.id));
      }
      const row = {
        id: randomUUID(),
        org_id: org.id,
        username,
        full_name: fullName,
        title,
        role: u.role,
        password_hash: passwordHash,
        failed_logins: 0,
        locked_until: null,
        created_at: nowIso,
      };
      // The administrator of the first organisation (no --org) administers the deployment.
      await trx.insertInto('users').values({ ...row, deployment_admin: u.role === 'admin' && !u.org ? 1 : 0 }).execute();
      await trx.insertInto('organisation_members').values({ org_id: org.id, user_id: row.id, role: u.role, created_at: nowIso }).execute();
      await rec.log('user', row.id, 'upsert', scopeOf.org(org.id));
      await recordAudit(trx, { userId: null, action: 'user.add', entity: 'user', entityId: row.id, after: toUserProfile(row), at: nowIso });
      return toUserProfile(row);
    });
  } finally {
    await db.destroy();
  }
}

/**
 * Drops change-log rows with seq <= keepAfterSeq (default: all but the newest row), so that
 * cursors older than that get 410 cursor_expired. Takes a data dir or an open database.
 */
export async function compactChangeLog(target: ServerStorage | Db, keepAfterSeq?: number): Promise<{ dropped: number; floor: number }> {
  const isDb = target instanceof Kysely;
  const db = isDb ? target : await openStorage(target);
  try {
    const floor = keepAfterSeq ?? (await currentSeq(db));
    const dropped = await compactChangeLogDb(db, floor);
    return { dropped, floor };
  } finally {
    if (!isDb) await db.destroy();
  }
}

/** The organisation's decision rules (stored, or the defaults), for `ecabinet rules show`. */
export async function getDecisionRules(dataDir: string): Promise<DecisionRules> {
  const db = await openDatabase(join(dataDir, DB_FILE_NAME));
  try {
    const org = await db.selectFrom('organizations').select('id').orderBy('id').executeTakeFirst();
    if (!org) throw new AppError('not_found', 'no organization in this data folder');
    return await loadDecisionRules(db, org.id);
  } finally {
    await db.destroy();
  }
}

/** Validates and stores the organisation's decision rules, for `ecabinet rules set`. */
export async function setDecisionRules(dataDir: string, input: unknown): Promise<DecisionRules> {
  const db = await openDatabase(join(dataDir, DB_FILE_NAME));
  try {
    const org = await db.selectFrom('organizations').select('id').orderBy('id').executeTakeFirst();
    if (!org) throw new AppError('not_found', 'no organization in this data folder');
    return await saveDecisionRules(db, org.id, input, null, new Date());
  } finally {
    await db.destroy();
  }
}

/** `ecabinet org add`: a new organisation (committee) in the deployment. */
export async function addOrganisation(storage: ServerStorage, o: { name: string; shortName: string }): Promise<OrganisationSummary> {
  const db = await openStorage(storage);
  try {
    return await createOrganisation(db, o);
  } finally {
    await db.destroy();
  }
}

/** `ecabinet org list`. */
export async function organisations(storage: ServerStorage): Promise<OrganisationSummary[]> {
  const db = await openStorage(storage);
  try {
    return await listOrganisations(db);
  } finally {
    await db.destroy();
  }
}

/** `ecabinet org member add`: an existing account joins an organisation with a role there. */
export async function addOrganisationMember(storage: ServerStorage, m: { org: string; username: string; role: Role }): Promise<void> {
  const db = await openStorage(storage);
  try {
    await addMember(db, m);
  } finally {
    await db.destroy();
  }
}
