/**
 * Who may talk to the browser-mode host: whoever opened the per-launch URL (it carries a
 * random secret) and so holds the cookie; from this machine's loopback names only.
 *
 * The URL's secret works once: it is printed on a terminal and may stay in the browser's
 * history, so after the first exchange for the cookie anyone replaying it is refused.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface LaunchAuth {
  /** Makes the secret for a launch URL (?launch=...); it replaces any not yet used. */
  newLaunchSecret(): string;
  /** Cookie name; includes the port because cookies are shared by all ports of a host. */
  readonly cookieName: string;
  /** True once for the current launch secret; then the secret is spent. */
  redeemLaunchSecret(candidate: string): boolean;
  setCookieHeader(): string;
  hasSessionCookie(req: IncomingMessage): boolean;
  isAllowedHost(hostHeader: string | undefined): boolean;
  /** The origin a same-origin request from a page on `hostHeader` carries. */
  originFor(hostHeader: string): string;
}

function sameSecret(a: string, b: string): boolean {
  // Compare digests: constant time and independent of the candidate's length.
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db);
}

export function createLaunchAuth(port: number, host: string): LaunchAuth {
  let launchSecret: string | null = null;
  // The cookie value is a second secret, so the URL (which may sit in history) is not the cookie.
  const cookieToken = randomBytes(32).toString('base64url');
  const cookieName = `ecabinet_${port}`;
  const hostName = host.includes(':') ? `[${host}]` : host;
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `${hostName.toLowerCase()}:${port}`]);
  return {
    newLaunchSecret() {
      launchSecret = randomBytes(32).toString('base64url');
      return launchSecret;
    },
    cookieName,
    redeemLaunchSecret(candidate) {
      if (launchSecret === null || !sameSecret(candidate, launchSecret)) return false;
      launchSecret = null;
      return true;
    },
    setCookieHeader: () => `${cookieName}=${cookieToken}; Path=/; HttpOnly; SameSite=Strict`,
    hasSessionCookie(req) {
      const header = req.headers.cookie;
      if (!header) return false;
      for (const part of header.split(';')) {
        const eq = part.indexOf('=');
        if (eq < 0) continue;
        if (part.slice(0, eq).trim() === cookieName && sameSecret(part.slice(eq + 1).trim(), cookieToken)) return true;
      }
      return false;
    },
    isAllowedHost: (hostHeader) => hostHeader !== undefined && allowedHosts.has(hostHeader.toLowerCase()),
    originFor: (hostHeader) => `http://${hostHeader.toLowerCase()}`,
  };
}
