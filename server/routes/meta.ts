import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HealthResponse, ReadyResponse } from '../../shared/api';
import { readiness } from '../ops/ready';
import { currentSeq } from '../sync/changelog';
import type { ServerContext } from './context';

export const SERVER_VERSION = '0.1.0';

export async function metaRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/health', { schema: { tags: ['meta'], summary: 'Liveness and change-log head', response: { 200: HealthResponse } } }, async () => ({
    ok: true as const,
    version: SERVER_VERSION,
    seq: await currentSeq(ctx.db),
  }));
  r.get(
    '/api/ready',
    { schema: { tags: ['meta'], summary: 'Readiness: database reachable, migrations current (503 otherwise)', response: { 200: ReadyResponse, 503: ReadyResponse } } },
    async (_req, reply) => {
      const state = await readiness(ctx.db);
      return reply.code(state.ok ? 200 : 503).send(state);
    },
  );
  r.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
