/**
 * The administrator's account and device actions on a data folder, for the `ecabinet user`
 * command (works while a server runs on the same folder: WAL). A server running on the folder
 * notices the write within a second (`db/outside-writes.ts`) and closes the sockets it ended.
 */
import { join } from 'node:path';
import type { AdminUser, DeviceSession } from '../../shared/admin';
import { openDatabase, type Db } from '../db/open';
import { DB_FILE_NAME } from '../data-folder';
import { accountOf, adminUser, listDeviceSessions, revokeDeviceSessions, setAccountDisabled } from './accounts';

async function withDb<T>(dataDir: string, f: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDatabase(join(dataDir, DB_FILE_NAME));
  try {
    return await f(db);
  } finally {
    await db.destroy();
  }
}

export const setUserDisabled = (dataDir: string, username: string, disabled: boolean): Promise<{ user: AdminUser; endedSessions: string[] }> =>
  withDb(dataDir, async (db) => setAccountDisabled(db, await accountOf(db, { username }), disabled, null, new Date()));

export const userSessions = (dataDir: string, username: string): Promise<{ user: AdminUser; sessions: DeviceSession[] }> =>
  withDb(dataDir, async (db) => {
    const user = await accountOf(db, { username });
    return { user: await adminUser(db, user), sessions: await listDeviceSessions(db, user.id) };
  });

export const revokeUserSessions = (dataDir: string, username: string, which: { sessionId: string } | { all: true }): Promise<string[]> =>
  withDb(dataDir, async (db) => revokeDeviceSessions(db, await accountOf(db, { username }), which, null, new Date()));
