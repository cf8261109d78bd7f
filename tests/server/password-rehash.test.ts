/** Passwords hashed with older scrypt parameters are upgraded when their owner signs in. */
import { randomBytes, scryptSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser } from '../../server/index';
import { checkPasswordHashing, SCRYPT_PARAMS } from '../../server/auth/password';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';
import { call, login, PASSWORD, startTestServer, type TestServer } from './helpers';

/** A hash as the server stored it before the cost went up (N=2^15). */
function oldHash(password: string): string {
  const N = 2 ** 15;
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFC'), salt, 32, { N, r: 8, p: 1, maxmem: 256 * N * 8 });
  return ['scrypt', N, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
}

describe('scrypt cost and rehash on sign-in', () => {
  let s: TestServer;
  beforeEach(async () => {
    // The production cost: no `passwordHashing` given.
    s = await startTestServer({ passwordHashing: undefined });
  });
  afterEach(async () => s?.stop());

  const storedHash = async (username: string) =>
    (await s.db.selectFrom('users').select('password_hash').where('username', '=', username).executeTakeFirstOrThrow()).password_hash;

  it('new accounts are hashed at N=2^17, r=8, p=1', async () => {
    await addUser(s.dataDir, { username: 'lan', fullName: 'Nguyễn Thị Lan', role: 'member', password: PASSWORD });
    expect(SCRYPT_PARAMS).toEqual({ N: 131072, r: 8, p: 1 });
    expect((await storedHash('lan')).split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1']);
  });

  it('a user with an old-parameter hash signs in, and his stored hash is upgraded; a wrong password changes nothing', async () => {
    await addUser(s.dataDir, { username: 'lan', fullName: 'Nguyễn Thị Lan', role: 'member', password: 'tam-thoi-123' });
    const old = oldHash(PASSWORD);
    await s.db.updateTable('users').set({ password_hash: old }).where('username', '=', 'lan').execute();

    expect((await call(s.url, 'POST', '/api/auth/login', { body: { username: 'lan', password: 'sai-mat-khau' } })).status).toBe(401);
    expect(await storedHash('lan')).toBe(old);

    await login(s.url, 'lan');
    const upgraded = await storedHash('lan');
    expect(upgraded).not.toBe(old);
    expect(upgraded.split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1']);
    expect(upgraded).not.toContain(PASSWORD);
    // The new hash holds the same password.
    await login(s.url, 'lan');
    expect(await storedHash('lan')).toBe(upgraded);
  });

  it('a server started with a lower cost (as test suites do) verifies production hashes and rehashes them to its own cost', async () => {
    await addUser(s.dataDir, { username: 'lan', fullName: 'Nguyễn Thị Lan', role: 'member', password: PASSWORD });
    await s.close(); // keeps the data folder
    s = await startTestServer({ dataDir: s.dataDir, passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS });
    await login(s.url, 'lan');
    expect((await storedHash('lan')).split('$').slice(0, 4)).toEqual(['scrypt', String(2 ** 12), '8', '1']);
  });

  it('refuses a cost below N=2^10 or one that is not a power of two', () => {
    expect(() => checkPasswordHashing({ N: 2 ** 9, r: 8, p: 1 })).toThrow(/out of bounds/);
    expect(() => checkPasswordHashing({ N: 3000, r: 8, p: 1 })).toThrow(/out of bounds/);
    expect(checkPasswordHashing(SCRYPT_PARAMS)).toEqual({ N: 131072, r: 8, p: 1 });
  });
});
