/**
 * The signed-in API: keeps the tokens, refreshes them before they expire and once on a 401
 * token_expired, and ends the session when the server refuses the refresh token.
 * Tokens never leave this module except to the live socket's Authorization header.
 */
import type { z } from 'zod';
import {
  API_PATHS,
  type Mutation,
  PullResponse,
  PushResponse,
  TokenResponse,
} from '../../../shared/api';
import { AppError, isAppError } from '../../../shared/errors';
import { ORGANISATION_HEADER } from '../../../shared/organisations';
import type { StoredSession } from '../session/session-store';
import { errorFromResponse, type FetchFn, parseJson, requestJson, send, type RequestOptions } from './http';

/** Refresh when less than this is left on the access token. */
const REFRESH_MARGIN_MS = 60_000;

export interface ApiClientDeps {
  fetch: FetchFn;
  now: () => Date;
  /** Persist rotated tokens (called after every successful refresh). */
  onTokens: (s: StoredSession) => Promise<void>;
  /**
   * The server ended the session. `device_revoked`: an administrator revoked this device or
   * disabled the account, and the caller wipes what the device holds of the account.
   */
  onSessionRevoked: (reason: SessionEndedReason) => void;
  /**
   * The organisation the organisation-wide calls act on (the header's switcher); null: his home
   * one (no header sent).
   */
  activeOrgId?: () => string | null;
}

export type SessionEndedReason = 'unauthenticated' | 'token_expired' | 'session_expired' | 'device_revoked';
/** Refusals that end the session at once, without trying a refresh. */
const FINAL_REFUSALS: readonly string[] = ['device_revoked', 'session_expired'];

export async function login(
  fetchFn: FetchFn,
  serverUrl: string,
  creds: { username: string; password: string; deviceName?: string; platform?: string },
): Promise<StoredSession> {
  const t = await requestJson(fetchFn, serverUrl, API_PATHS.login, TokenResponse, { method: 'POST', body: creds });
  return { serverUrl, ...t };
}

export class ApiClient {
  private refreshing: Promise<void> | null = null;
  private revoked = false;

  constructor(
    private session: StoredSession,
    private readonly deps: ApiClientDeps,
  ) {}

  get serverUrl(): string {
    return this.session.serverUrl;
  }

  /** A currently valid access token (refreshing first if it is about to expire). */
  async accessToken(): Promise<string> {
    if (this.revoked) throw new AppError('not_signed_in', 'session ended');
    if (Date.parse(this.session.accessExpiresAt) - this.deps.now().getTime() < REFRESH_MARGIN_MS) await this.refresh();
    return this.session.accessToken;
  }

  /** Single-flight: the server rotates refresh tokens, two parallel refreshes would revoke the session. */
  refresh(): Promise<void> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    try {
      const t = await requestJson(this.deps.fetch, this.serverUrl, API_PATHS.refresh, TokenResponse, {
        method: 'POST',
        body: { refreshToken: this.session.refreshToken },
      });
      this.session = { serverUrl: this.serverUrl, ...t };
      await this.deps.onTokens(this.session);
    } catch (e) {
      if (isAppError(e) && (e.code === 'unauthenticated' || e.code === 'token_expired' || e.code === 'forbidden' || FINAL_REFUSALS.includes(e.code)))
        this.ended(e.code === 'forbidden' ? 'unauthenticated' : (e.code as SessionEndedReason));
      throw e;
    }
  }

  private ended(reason: SessionEndedReason): never {
    if (!this.revoked) {
      this.revoked = true;
      this.deps.onSessionRevoked(reason);
    }
    throw new AppError('not_signed_in', 'the server ended the session; sign in again', { reason });
  }

  /** An authorized request returning the raw response (2xx or not); retries once after refreshing on token_expired. */
  async fetchAuthorized(path: string, opts: RequestOptions = {}): Promise<Response> {
    opts = this.withOrganisation(opts);
    const first = await send(this.deps.fetch, this.serverUrl, path, { ...opts, token: await this.accessToken() });
    if (first.status !== 401) return first;
    const err = await errorFromResponse(first);
    if (FINAL_REFUSALS.includes(err.code)) this.ended(err.code as SessionEndedReason);
    // Expired, or revoked elsewhere: one refresh tells which (a refused refresh ends the session).
    if (err.code !== 'token_expired' && err.code !== 'unauthenticated') throw err;
    await this.refresh();
    return send(this.deps.fetch, this.serverUrl, path, { ...opts, token: await this.accessToken() });
  }

  /**
   * The one place the organisation header is set: a call that acts on an organisation names the
   * chosen one (`org: 'active'`) or the one it gives (a meeting's); the server then decides by
   * the caller's role there (server/routes/context.ts).
   */
  private withOrganisation(opts: RequestOptions): RequestOptions {
    if (!opts.org) return opts;
    const orgId = opts.org === 'active' ? (this.deps.activeOrgId?.() ?? null) : opts.org.orgId;
    const { org: _org, ...rest } = opts;
    return orgId ? { ...rest, headers: { ...rest.headers, [ORGANISATION_HEADER]: orgId } } : rest;
  }

  async json<S extends z.ZodType>(path: string, schema: S, opts: RequestOptions = {}): Promise<z.output<S>> {
    const res = await this.fetchAuthorized(path, opts);
    if (!res.ok) throw await errorFromResponse(res);
    return parseJson(res, schema);
  }

  pull(cursor: string, limit?: number): Promise<PullResponse> {
    const q = new URLSearchParams();
    if (cursor) q.set('cursor', cursor);
    if (limit) q.set('limit', String(limit));
    const qs = q.toString();
    return this.json(API_PATHS.pull + (qs ? `?${qs}` : ''), PullResponse);
  }

  push(mutations: Mutation[]): Promise<PushResponse> {
    return this.json(API_PATHS.push, PushResponse, { method: 'POST', body: { mutations } });
  }

  /** Revokes the refresh token on the server; best effort (the caller clears the local session anyway). */
  async logout(): Promise<void> {
    const res = await send(this.deps.fetch, this.serverUrl, API_PATHS.logout, {
      method: 'POST',
      body: { refreshToken: this.session.refreshToken },
      token: this.session.accessToken,
      timeoutMs: 5_000,
    });
    if (!res.ok && res.status !== 401) throw await errorFromResponse(res);
    await res.body?.cancel();
  }

  stop(): void {
    this.revoked = true;
  }
}
