import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { socketSession } from '../live/socket-guard';
import { currentSeq } from '../sync/changelog';
import { authOf, bearerToken, requireAuth, type ServerContext } from './context';

export async function liveRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/live',
    {
      websocket: true,
      // Authentication runs before the upgrade: a bad token gets a plain 401, no socket.
      onRequest: requireAuth(ctx, { allowQueryToken: true }),
      schema: {
        tags: ['live'],
        summary: 'WebSocket: {type:"hello",seq} then {type:"poke",scope,seq} after each visible commit; closed with a LIVE_CLOSE code when the session ends or the token expires',
        querystring: z.object({ access_token: z.string().max(512).optional() }),
      },
    },
    async (socket, req) => {
      const auth = authOf(req);
      const session = await socketSession(ctx.db, bearerToken(req, true)!, auth.sessionId, auth.user.id);
      ctx.hub.add(socket, auth.user, session, await currentSeq(ctx.db));
    },
  );
}
