/**
 * Sign-in throttling per (account, client address), instead of locking the account.
 *
 * A hard lock after N failures lets anyone who knows a username lock its owner out (the chair,
 * right before a meeting). Here failures only slow down the address they come from: after a few
 * free attempts each further one waits twice as long as the last, up to a cap. The owner signing
 * in from another address is not affected. The key is the name as typed, whether or not such an
 * account exists, so the answer says nothing about which usernames are real.
 *
 * The client address is Fastify's `req.ip`: the socket's peer unless `trustProxy` is set.
 * State lives in the server database (`login_throttle`), so a restart does not reset it.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { AppError } from '../../shared/errors';
import type { Db } from '../db/open';

export interface ThrottlePolicy {
  /** Failures allowed before any wait. */
  freeFailures: number;
  /** Wait after the first failure past the free ones; doubles with each further failure. */
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  /** A key with no failure for this long is forgotten. */
  forgetAfterSeconds: number;
  /** Bound on remembered keys; the least recently failed are dropped first. */
  maxKeys: number;
}

export const DEFAULT_LOGIN_THROTTLE: ThrottlePolicy = {
  freeFailures: 5,
  firstDelaySeconds: 1,
  maxDelaySeconds: 15 * 60,
  forgetAfterSeconds: 24 * 3600,
  maxKeys: 100_000,
};

/**
 * The unit an address is throttled by: an IPv4 address as is (also when IPv4-mapped), an IPv6
 * address by its /64, since one host commonly holds a whole /64 and could otherwise rotate
 * through endless addresses.
 */
export function clientNetwork(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (!address.includes(':')) return address;
  const [head, tail = ''] = address.toLowerCase().split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** Wait after the `failures`-th consecutive failure. */
export function delaySeconds(policy: ThrottlePolicy, failures: number): number {
  const over = failures - policy.freeFailures;
  if (over <= 0) return 0;
  return Math.min(policy.maxDelaySeconds, policy.firstDelaySeconds * 2 ** Math.min(over - 1, 40));
}

/** How many sign-in attempts pass between two checks of the `maxKeys` bound. */
const BOUND_CHECK_EVERY = 100;

export class LoginThrottle {
  private sinceBoundCheck = 0;

  constructor(
    private readonly db: Db,
    readonly policy: ThrottlePolicy = DEFAULT_LOGIN_THROTTLE,
  ) {}

  private static key(account: string, address: string): string {
    return createHash('sha256').update(`${account.trim().toLowerCase()}\u0000${clientNetwork(address)}`).digest('hex');
  }

  /**
   * Call before checking the password. Throws `login_throttled` while the key must wait.
   * Otherwise counts the attempt as a failure at once, in the same transaction as the check (so
   * parallel guesses cannot all slip through before the first one fails), and returns the
   * function to call on success.
   */
  async begin(account: string, address: string, now: Date): Promise<{ succeeded(): Promise<void> }> {
    const key = LoginThrottle.key(account, address);
    const t = now.getTime();
    const forgetBefore = t - this.policy.forgetAfterSeconds * 1000;
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('login_throttle').where('last_failure_at', '<', forgetBefore).execute();
      const e = await trx.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
      if (e && e.blocked_until > t) {
        const retryAfterSeconds = Math.max(1, Math.ceil((e.blocked_until - t) / 1000));
        throw new AppError('login_throttled', 'too many failed sign-ins from this address', { retryAfterSeconds, seconds: retryAfterSeconds });
      }
      const failures = (e?.failures ?? 0) + 1;
      const row = { failures, last_failure_at: t, blocked_until: t + delaySeconds(this.policy, failures) * 1000 };
      await trx
        .insertInto('login_throttle')
        .values({ key, ...row })
        .onConflict((oc) => oc.column('key').doUpdateSet(row))
        .execute();
      if (++this.sinceBoundCheck >= BOUND_CHECK_EVERY || this.policy.maxKeys < BOUND_CHECK_EVERY) {
        this.sinceBoundCheck = 0;
        await this.dropLeastRecent(trx);
      }
    });
    return {
      succeeded: async () => {
        await this.db.deleteFrom('login_throttle').where('key', '=', key).execute();
      },
    };
  }

  /** Keeps at most `maxKeys` rows, dropping the least recently failed. */
  private async dropLeastRecent(trx: Db): Promise<void> {
    // Not `LIMIT -1 OFFSET n` (SQLite only; PostgreSQL refused it on every 100th sign-in).
    await sql`DELETE FROM login_throttle WHERE key NOT IN (
      SELECT key FROM login_throttle ORDER BY last_failure_at DESC LIMIT ${this.policy.maxKeys}
    )`.execute(trx);
  }
}
