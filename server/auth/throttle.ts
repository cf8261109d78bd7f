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
 * State lives in memory (a restart forgets it; the per-address request limit still applies).
 */
import { AppError } from '../../shared/errors';

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

interface Entry {
  failures: number;
  /** Epoch ms before which the next attempt is refused. */
  blockedUntil: number;
  lastFailureAt: number;
}

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

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(readonly policy: ThrottlePolicy = DEFAULT_LOGIN_THROTTLE) {}

  private static key(account: string, address: string): string {
    return `${account.trim().toLowerCase()}\u0000${clientNetwork(address)}`;
  }

  /**
   * Call before checking the password. Throws `login_throttled` while the key must wait.
   * Otherwise counts the attempt as a failure at once (so parallel guesses cannot all slip
   * through before the first one fails) and returns the function to call on success.
   */
  begin(account: string, address: string, now: Date): { succeeded(): void } {
    const key = LoginThrottle.key(account, address);
    const t = now.getTime();
    let e = this.entries.get(key);
    if (e && t - e.lastFailureAt > this.policy.forgetAfterSeconds * 1000) e = undefined;
    if (e && e.blockedUntil > t) {
      const retryAfterSeconds = Math.max(1, Math.ceil((e.blockedUntil - t) / 1000));
      throw new AppError('login_throttled', 'too many failed sign-ins from this address', { retryAfterSeconds, seconds: retryAfterSeconds });
    }
    const failures = (e?.failures ?? 0) + 1;
    const next: Entry = { failures, lastFailureAt: t, blockedUntil: t + delaySeconds(this.policy, failures) * 1000 };
    // Re-insert so that Map order is least recently failed first.
    this.entries.delete(key);
    this.entries.set(key, next);
    this.evict(t);
    return { succeeded: () => void this.entries.delete(key) };
  }

  private evict(t: number): void {
    for (const [key, e] of this.entries) {
      if (this.entries.size <= this.policy.maxKeys && t - e.lastFailureAt <= this.policy.forgetAfterSeconds * 1000) break;
      this.entries.delete(key);
    }
  }
}
