import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PullQuery, PullResponse, PushRequest, PushResponse } from '../../shared/api';
import { ErrorBody } from '../../shared/errors';
import { localeOf } from '../http-errors';
import { viewersOf } from '../organisations/membership';
import { pull } from '../sync/pull';
import { push } from '../sync/push';
import { authOf, requireAuth, type ServerContext } from './context';

const errors = { '4xx': ErrorBody, '5xx': ErrorBody };

export async function syncRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/sync/pull',
    {
      onRequest: requireAuth(ctx),
      schema: {
        tags: ['sync'],
        summary: 'Snapshot, then incremental changes the caller may see',
        querystring: PullQuery,
        response: { 200: PullResponse, ...errors },
      },
    },
    async (req) => pull(ctx.db, await viewersOf(ctx.db, authOf(req).user), req.query.cursor, req.query.limit),
  );

  r.post(
    '/api/sync/push',
    {
      onRequest: requireAuth(ctx),
      schema: {
        tags: ['sync'],
        summary: 'Apply queued mutations, each exactly once',
        body: PushRequest,
        response: { 200: PushResponse, ...errors },
      },
    },
    async (req) => {
      const out = await push(ctx.db, authOf(req).user, req.body.mutations, ctx.auth.now, localeOf(req), (e) =>
        req.log.error({ err: e }, 'mutation failed'),
        { blobs: ctx.blobs },
      );
      ctx.hub.notify(out.logged);
      return { results: out.results };
    },
  );
}
