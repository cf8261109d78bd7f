/** Administrator-only HTTP routes: accounts, their devices, the retention policy. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ADMIN_PATHS,
  AdminUser,
  AdminUserParams,
  AdminUsersResponse,
  RetentionPolicyResponse,
  RevokeSessionsRequest,
  RevokeSessionsResponse,
  SetUserDisabledRequest,
  UserSessionsResponse,
} from '../../shared/admin';
import { AppError, ErrorBody } from '../../shared/errors';
import { RetentionPolicy } from '../../shared/rules/retention';
import { accountOf, adminUser, listAccounts, listDeviceSessions, revokeDeviceSessions, setAccountDisabled } from '../admin/accounts';
import { saveRetentionPolicy } from '../admin/retention';
import { retentionPolicyOf } from '../admin/retention-policy';
import { authOf, requireAuth, type ServerContext } from './context';

const errors = { '4xx': ErrorBody, '5xx': ErrorBody };
const tags = ['admin'];
// Fastify paths with parameters, from the shared path builders.
const path = (build: (id: string) => string) => build(':userId');

export async function adminRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const onlyAdmin = [
    requireAuth(ctx),
    async (req: FastifyRequest) => {
      if (authOf(req).user.role !== 'admin') throw new AppError('forbidden', 'only the administrator');
    },
  ];
  const target = (req: FastifyRequest & { params: { userId: string } }) => accountOf(ctx.db, { id: req.params.userId }, authOf(req).user.org_id);
  // Sessions ended here also lose their open sockets at once.
  const closeSockets = (ids: readonly string[]) => ids.forEach((id) => ctx.hub.closeSession(id));

  r.get(
    ADMIN_PATHS.users,
    { onRequest: onlyAdmin, schema: { tags, summary: 'Accounts of the organisation, with their state', response: { 200: AdminUsersResponse, ...errors } } },
    async (req) => ({ users: await listAccounts(ctx.db, authOf(req).user.org_id) }),
  );

  r.post(
    path(ADMIN_PATHS.userDisabled),
    {
      onRequest: onlyAdmin,
      schema: { tags, summary: 'Disable (ends every session) or enable an account', params: AdminUserParams, body: SetUserDisabledRequest, response: { 200: AdminUser, ...errors } },
    },
    async (req) => {
      const out = await setAccountDisabled(ctx.db, await target(req), req.body.disabled, authOf(req).user.id, ctx.auth.now());
      closeSockets(out.endedSessions);
      return out.user;
    },
  );

  r.get(
    path(ADMIN_PATHS.userSessions),
    { onRequest: onlyAdmin, schema: { tags, summary: 'Devices (sessions) of an account', params: AdminUserParams, response: { 200: UserSessionsResponse, ...errors } } },
    async (req) => {
      const user = await target(req);
      return { user: await adminUser(ctx.db, user), sessions: await listDeviceSessions(ctx.db, user.id, ctx.auth.sessionLifetimeSeconds) };
    },
  );

  r.post(
    path(ADMIN_PATHS.revokeSessions),
    {
      onRequest: onlyAdmin,
      schema: { tags, summary: 'Revoke one device or all devices of an account', params: AdminUserParams, body: RevokeSessionsRequest, response: { 200: RevokeSessionsResponse, ...errors } },
    },
    async (req) => {
      const revoked = await revokeDeviceSessions(ctx.db, await target(req), req.body, authOf(req).user.id, ctx.auth.now());
      closeSockets(revoked);
      return { revoked };
    },
  );

  r.get(
    ADMIN_PATHS.retention,
    { onRequest: onlyAdmin, schema: { tags, summary: 'Retention policy on devices, per classification', response: { 200: RetentionPolicyResponse, ...errors } } },
    async (req) => {
      const org = await ctx.db.selectFrom('organizations').select('retention_json').where('id', '=', authOf(req).user.org_id).executeTakeFirstOrThrow();
      return { policy: retentionPolicyOf(org.retention_json) };
    },
  );

  r.put(
    ADMIN_PATHS.retention,
    { onRequest: onlyAdmin, schema: { tags, summary: 'Set the retention policy on devices', body: RetentionPolicy, response: { 200: RetentionPolicyResponse, ...errors } } },
    async (req) => {
      const out = await saveRetentionPolicy(ctx.db, authOf(req).user.org_id, req.body, authOf(req).user.id, ctx.auth.now());
      ctx.hub.notify(out.logged);
      return { policy: out.policy };
    },
  );
}
