/**
 * Prometheus metrics (prom-client), for the operator's monitoring only. They are served on a
 * listen address of their own (`--metrics-listen 127.0.0.1:9464`), never on the public port that
 * the reverse proxy forwards, and, when a token is configured, only to `Authorization: Bearer
 * <token>`. Off unless configured; prom-client is loaded only then.
 *
 * What is measured: requests (count and duration by route and status), sync lag (how many
 * change-log entries behind the head a client's pull starts; the head itself), open WebSockets
 * (pokes and live meetings), votes by status and the ballots cast in open votes. No label holds an
 * id, a name or a token.
 */
import { createServer, type Server } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/open';
import { currentSeq } from '../sync/changelog';

export interface MetricsOptions {
  host: string;
  port: number;
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  token?: string;
}

export interface Metrics {
  /** Installs the request hooks; call before the routes are registered. */
  instrument(app: FastifyInstance): void;
  /** Serves the metrics on their own address; returns where and how to stop. */
  listen(opts: MetricsOptions): Promise<{ url: string; close(): Promise<void> }>;
}

/** Reads the change-log position of a pull cursor without trusting it (the route checks it properly). */
function cursorSeq(cursor: unknown): number | undefined {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 200) return undefined;
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const n = Number(parts[0] === 'c' ? parts[1] : parts[0] === 's' ? parts[1] : NaN);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

export async function createMetrics(db: Db, app: () => FastifyInstance | undefined): Promise<Metrics> {
  const client = await import('prom-client');
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'ecabinet_' });
  const requests = new client.Counter({
    name: 'ecabinet_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new client.Histogram({
    name: 'ecabinet_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const lag = new client.Histogram({
    name: 'ecabinet_sync_pull_lag_changes',
    help: 'How many change-log entries behind the head a pull started (0: the client was up to date)',
    buckets: [0, 1, 5, 20, 100, 500, 2000, 10000],
    registers: [registry],
  });
  let head = 0;
  new client.Gauge({
    name: 'ecabinet_change_log_head_seq',
    help: 'The newest change-log position',
    registers: [registry],
    async collect() {
      head = await currentSeq(db);
      this.set(head);
    },
  });
  new client.Gauge({
    name: 'ecabinet_open_websockets',
    help: 'WebSockets open on this instance (live pokes and live meetings)',
    registers: [registry],
    collect() {
      this.set(app()?.websocketServer?.clients.size ?? 0);
    },
  });
  new client.Gauge({
    name: 'ecabinet_votes',
    help: 'Votes in the database, by status',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db.selectFrom('votes').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
      for (const r of rows) this.set({ status: r.status }, Number(r.n));
    },
  });
  new client.Gauge({
    name: 'ecabinet_ballots_in_open_votes',
    help: 'Ballots cast so far in the votes still open (open and secret votes)',
    registers: [registry],
    async collect() {
      const open = await db.selectFrom('open_ballots').innerJoin('votes', 'votes.id', 'open_ballots.vote_id').where('votes.status', '=', 'open').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      const secret = await db.selectFrom('vote_turnout').innerJoin('votes', 'votes.id', 'vote_turnout.vote_id').where('votes.status', '=', 'open').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      this.set(Number(open?.n ?? 0) + Number(secret?.n ?? 0));
    },
  });

  return {
    instrument(fastify) {
      fastify.addHook('onResponse', async (req, reply) => {
        // The route's pattern, never the raw URL: ids and hashes would make a series per request.
        const route = req.routeOptions.url ?? 'unmatched';
        requests.inc({ method: req.method, route, status: String(reply.statusCode) });
        duration.observe({ route }, reply.elapsedTime / 1000);
      });
      fastify.addHook('onRequest', async (req) => {
        if (req.routeOptions.url !== '/api/sync/pull') return;
        const at = cursorSeq((req.query as Record<string, unknown> | undefined)?.cursor);
        if (at === undefined) return;
        lag.observe(Math.max(0, (await currentSeq(db)) - at));
      });
    },
    async listen(opts) {
      const expected = opts.token ? Buffer.from(`Bearer ${opts.token}`) : undefined;
      const server: Server = createServer((req, res) => {
        if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') return void res.writeHead(404).end();
        const given = Buffer.from(req.headers.authorization ?? '');
        if (expected && !(given.length === expected.length && timingSafeEqual(given, expected)))
          return void res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
        registry.metrics().then(
          (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
          () => res.writeHead(500).end(),
        );
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port, opts.host, () => resolve());
      });
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : opts.port;
      return {
        url: `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}/metrics`,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
      };
    },
  };
}
