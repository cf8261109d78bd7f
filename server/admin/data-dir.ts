/**
 * The administrator's account and device actions on a data folder, for the `ecabinet user`
 * command (works while a server runs on the same folder: WAL). A server running on the folder
 * notices the write (`db/outside-writes.ts`: within a second on SQLite, at the commit on
 * PostgreSQL) and closes the sockets it ended.
 */
import type { AdminUser, DeviceSession } from '../../shared/admin';
import type { Db } from '../db/open';
import { openServerDatabase, type ServerStorage } from '../data-folder';
import { accountOf, adminUser, listDeviceSessions, revokeDeviceSessions, setAccountDisabled } from './accounts';

async function withDb<T>(storage: ServerStorage, f: (db: Db) => Promise<T>): Promise<T> {
  const db = typeof storage === 'string' ? await openServerDatabase(storage) : await openServerDatabase(storage.dataDir, storage.database);
  try {
    return await f(db);
  } finally {
    await db.destroy();
  }
}

export const setUserDisabled = (storage: ServerStorage, username: string, disabled: boolean): Promise<{ user: AdminUser; endedSessions: string[] }> =>
  withDb(storage, async (db) => setAccountDisabled(db, await accountOf(db, { username }), disabled, null, new Date()));

export const userSessions = (storage: ServerStorage, username: string): Promise<{ user: AdminUser; sessions: DeviceSession[] }> =>
  withDb(storage, async (db) => {
    const user = await accountOf(db, { username });
    return { user: await adminUser(db, user), sessions: await listDeviceSessions(db, user.id) };
  });

export const revokeUserSessions = (storage: ServerStorage, username: string, which: { sessionId: string } | { all: true }): Promise<string[]> =>
  withDb(storage, async (db) => revokeDeviceSessions(db, await accountOf(db, { username }), which, null, new Date()));
