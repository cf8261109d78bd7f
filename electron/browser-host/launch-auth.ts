/**
 * Who may talk to the browser-mode host: whoever opened the per-launch URL (it carries a
 * random secret) and so holds the cookie; from this machine's loopback names only.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface LaunchAuth {
  /** The secret that goes into the launch URL (?launch=...). */
  readonly launchSecret: string;
  /** Cookie name; includes the port because cookies are shared by all ports of a host. */
  readonly cookieName: string;
  isLaunchSecret(candidate: string): boolean;
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
  const launchSecret = randomBytes(32).toString('base64url');
  // The cookie value is a second secret, so the URL (which may sit in history) is not the cookie.
  const cookieToken = randomBytes(32).toString('base64url');
  const cookieName = `ecabinet_${port}`;
  const hostName = host.includes(':') ? `[${host}]` : host;
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `${hostName.toLowerCase()}:${port}`]);
  return {
    launchSecret,
    cookieName,
    isLaunchSecret: (candidate) => sameSecret(candidate, launchSecret),
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
