import type { Db } from '../db/open';
import { hashPassword, type PasswordHashing } from './password';

/**
 * Stores a fresh hash with today's scrypt parameters for a password that just proved right:
 * older hashes are upgraded as their owners sign in, with no reset needed.
 */
export async function rehash(db: Db, userId: string, password: string, hashing?: PasswordHashing): Promise<void> {
  await db.updateTable('users').set({ password_hash: await hashPassword(password, hashing) }).where('id', '=', userId).execute();
}
