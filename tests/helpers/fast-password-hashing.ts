import type { PasswordHashing } from '../../server/auth/password';

/**
 * The suite creates and signs in hundreds of accounts: at the production cost (N=2^17, about
 * 0.8 s and 128 MiB a hash on two busy cores) that was most of its run time. Servers started by
 * tests hash at N=2^12 instead; the production parameters and the rehash between costs are
 * tested in tests/server/password-rehash.test.ts.
 */
export const FAST_PASSWORD_HASHING_FOR_TESTS: PasswordHashing = Object.freeze({ N: 2 ** 12, r: 8, p: 1 });
