import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HealthResponse } from '../../shared/api';
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
  r.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
