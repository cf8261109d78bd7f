import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withMemberships } from '../organisations/membership';
import { LoginRequest, LogoutRequest, MeResponse, RefreshRequest, TokenResponse } from '../../shared/api';
import { ErrorBody } from '../../shared/errors';
import { login, refresh, revokeSession, sessionOfRefreshToken } from '../auth/sessions';
import { toOrganization, toUserProfile } from '../sync/rows';
import { authOf, bearerToken, requireAuth, type ServerContext } from './context';
import { authenticate } from '../auth/sessions';

const errors = { '4xx': ErrorBody, '5xx': ErrorBody };

export async function authRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/auth/login',
    {
      schema: { tags: ['auth'], summary: 'Sign in with username and password', body: LoginRequest, response: { 200: TokenResponse, ...errors } },
      config: { rateLimit: { max: ctx.loginRateLimit.max, timeWindow: ctx.loginRateLimit.timeWindowMs } },
    },
    async (req) => {
      // Throws login_throttled while this (account, address) must wait; see auth/throttle.ts.
      const attempt = await ctx.loginThrottle.begin(req.body.username, req.ip, ctx.auth.now());
      const tokens = await login(ctx.db, { ...req.body, address: req.ip }, ctx.auth);
      await attempt.succeeded();
      return tokens;
    },
  );

  r.post(
    '/api/auth/refresh',
    {
      schema: { tags: ['auth'], summary: 'Rotate the refresh token', body: RefreshRequest, response: { 200: TokenResponse, ...errors } },
      config: { rateLimit: { max: ctx.refreshRateLimit.max, timeWindow: ctx.refreshRateLimit.timeWindowMs } },
    },
    async (req) => refresh(ctx.db, req.body.refreshToken, ctx.auth, req.ip),
  );

  r.post(
    '/api/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke the session of the bearer token and/or of the given refresh token',
        body: LogoutRequest.optional(),
        response: { 200: z.object({ ok: z.literal(true) }), ...errors },
      },
    },
    async (req) => {
      const now = ctx.auth.now();
      const sessions = new Set<string>();
      const token = bearerToken(req);
      if (token) {
        const a = await authenticate(ctx.db, token, now).catch(() => undefined);
        if (a) sessions.add(a.sessionId);
      }
      if (req.body?.refreshToken) {
        const s = await sessionOfRefreshToken(ctx.db, req.body.refreshToken);
        if (s) sessions.add(s);
      }
      for (const s of sessions) {
        await revokeSession(ctx.db, s, now);
        ctx.hub.closeSession(s);
      }
      // Idempotent: signing out twice is not an error.
      return { ok: true as const };
    },
  );

  r.get(
    '/api/me',
    { onRequest: requireAuth(ctx), schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: MeResponse, ...errors } } },
    async (req) => {
      const { user } = authOf(req);
      const org = await ctx.db.selectFrom('organizations').selectAll().where('id', '=', user.org_id).executeTakeFirstOrThrow();
      const [profile] = await withMemberships(ctx.db, [toUserProfile(user)], null);
      return { user: profile, organization: toOrganization(org) };
    },
  );
}
