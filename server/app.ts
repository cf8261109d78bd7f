import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { AppError } from '../shared/errors';
import { installErrorHandling } from './http-errors';
import type { ServerContext } from './routes/context';
import { SERVER_VERSION } from './routes/meta';
import { SERVER_CAPABILITIES } from './capabilities';
import { loggerOptions, requestId, type LogOptions } from './ops/logging';

/** JSON bodies are small (a push is at most 200 mutations); PDFs go through the blob route. */
export const JSON_BODY_LIMIT = 2 * 1024 * 1024;

/** One year; sent only over HTTPS (browsers ignore it over plain HTTP anyway). */
export const HSTS_HEADER = 'max-age=31536000';

export interface BuildAppOptions {
  /** JSON logs (pino) with request ids; see ops/logging.ts. */
  logger?: boolean | LogOptions;
  /** See StartServerOptions.trustProxy: off unless a trusted reverse proxy sets X-Forwarded-For. */
  trustProxy?: boolean | string | string[];
  /** PEM key and certificate: the app serves HTTPS. */
  https?: { key: Buffer; cert: Buffer };
  /** Hooks installed before the routes (the metrics' request counters). */
  instrument?: (app: FastifyInstance) => void;
}

export async function buildApp(ctx: ServerContext, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  const options = {
    trustProxy: opts.trustProxy ?? false,
    logger: loggerOptions(opts.logger),
    genReqId: requestId,
    bodyLimit: JSON_BODY_LIMIT,
    // Ids in URLs are UUIDs/hashes; keep the router strict.
    routerOptions: { ignoreTrailingSlash: false },
  };
  // Routes use only what the HTTP and HTTPS servers share, so both are typed as the default.
  const app: FastifyInstance = opts.https ? (Fastify({ ...options, https: opts.https }) as unknown as FastifyInstance) : Fastify(options);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('auth', null);
  installErrorHandling(app);

  app.addHook('onSend', async (_req, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'no-referrer');
    void reply.header('x-request-id', reply.request.id);
    if (opts.https) void reply.header('strict-transport-security', HSTS_HEADER);
    return payload;
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'eCabinet sync API', version: SERVER_VERSION, description: 'Offline-first sync for paperless meetings.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_req, c) => new AppError('rate_limited', 'too many requests', { retryAfterSeconds: Math.ceil(c.ttl / 1000) }),
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

  opts.instrument?.(app);
  for (const capability of SERVER_CAPABILITIES) for (const routes of capability.routes) await routes(app, ctx);

  app.addHook('onClose', async () => ctx.hub.close());
  return app;
}
