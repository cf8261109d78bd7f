/**
 * The eCabinet sync server: entry points for the CLI (`ecabinet serve`, `ecabinet user add`)
 * and for tests that need a real server on a random port.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_MAX_UPLOAD_BYTES } from '../shared/api';
import { buildApp } from './app';
import { checkPasswordHashing, SCRYPT_PARAMS, type PasswordHashing } from './auth/password';
import { DEFAULT_ACCESS_TTL_SECONDS } from './auth/sessions';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle, type ThrottlePolicy } from './auth/throttle';
import type { BlobStore, BlobStoreOption } from './blobs/store';
import { openBlobStore } from './blobs/open-blob-store';
import type { Db } from './db/open';
import type { DatabaseOption } from './db/dialect';
import { seedDemo, type DemoAccount } from './demo/seed';
import { DEMO_KEYS_DIR, demoKeyHolders, writeDemoSigningKeys, type DemoSigningKeys } from './demo/demo-signing-keys';
import { LiveHub } from './live/hub';
import { TextLayerStore } from './ocr/text-layers';
import { watchOutsideWrites } from './db/outside-writes';
import { anyAccessMayHaveChanged } from './auth/session-events';
import { startJobs } from './capabilities';
import { ARCHIVE_KEY_DIR } from './secretariat/archive-key';
import { installBallotBox } from './live-meeting/ballot-box';
import type { BallotKeySource } from './live-meeting/ballot-sealing-key';
import { startCluster, type Cluster } from './cluster';
import { housekeepingPolicy, type HousekeepingPolicy } from './housekeeping/policy';
import type { LogOptions } from './ops/logging';
import type { MetricsOptions } from './ops/metrics';

export type { Db } from './db/open';
export { openDatabase, openPostgres } from './db/open';
export type { DatabaseOption } from './db/dialect';
export type { BlobStore, BlobStoreOption } from './blobs/store';
export { openBlobStore } from './blobs/open-blob-store';
export { FsBlobStore } from './blobs/fs-store';
export { seedDemo, seedDemoFrom, vietnamInstant, type DemoAccount, type SeedResult } from './demo/seed';
export { currentSeq } from './sync/changelog';
import { openServerDatabase } from './data-folder';

export { DB_FILE_NAME, DEFAULT_ORG_NAME, addUser, compactChangeLog, getDecisionRules, openServerDatabase, setDecisionRules, type ServerStorage } from './data-folder';
/** How long close() lets in-flight requests finish before cutting connections. */
export const CLOSE_GRACE_MS = 1000;

export interface StartServerOptions {
  /** The server's files: blobs, OCR text, demo keys; and the SQLite database unless `database` says PostgreSQL. */
  dataDir: string;
  /** Default: SQLite in `dataDir`. PostgreSQL: `{ kind: 'postgres', url }` (the rows only; files stay in `dataDir`). */
  database?: DatabaseOption;
  /**
   * Where the documents' bytes are: default `<dataDir>/blobs`; another folder (a volume shared by
   * several instances) or an S3-compatible bucket (`s3OptionFromUrl`). `dataDir` keeps this
   * instance's own files (recognised text, uploads in progress) either way.
   */
  blobStore?: BlobStoreOption;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1; use 0.0.0.0 to serve a LAN. */
  host?: string;
  seed?: 'demo';
  /** Structured JSON logs with request ids (off by default; `ecabinet server` turns them on). */
  logger?: boolean | LogOptions;
  /** Prometheus metrics on an address of their own (off by default); see ops/metrics.ts. */
  metrics?: MetricsOptions;
  /** Change-log compaction and mutation-id pruning horizons (see housekeeping/policy.ts). */
  housekeeping?: Partial<HousekeepingPolicy>;
  maxUploadBytes?: number;
  accessTokenTtlSeconds?: number;
  /** Absolute session lifetime from sign-in, whatever the refreshes (default 30 days). */
  sessionLifetimeSeconds?: number;
  now?: () => Date;
  /** Login attempts per IP per window (default 30 per minute). */
  loginRateLimit?: { max: number; timeWindowMs: number };
  /** Refresh calls per IP per window (default 60 per minute). */
  refreshRateLimit?: { max: number; timeWindowMs: number };
  /** Growing waits after failed sign-ins per (account, address); see auth/throttle.ts. */
  loginThrottle?: Partial<ThrottlePolicy>;
  /**
   * Fastify's `trustProxy`: whether the client address (which the sign-in throttle and the rate
   * limits key on) comes from X-Forwarded-For. Off by default: the address is the TCP peer's.
   * Set it only behind a reverse proxy you run (true, or the proxy's addresses/CIDR ranges),
   * otherwise any client can claim any address.
   */
  trustProxy?: boolean | string | string[];
  /** PEM files: serve HTTPS (and send HSTS) so that passwords never cross a network in clear. */
  tls?: { certFile: string; keyFile: string };
  /** Live-socket ping interval (default 30 s). */
  heartbeatMs?: number;
  /** Written opinions: how often reminders and deadlines are checked (default 60 s). */
  opinionTickMs?: number;
  /** Period of the OCR job's tick (tests). */
  ocrTickMs?: number;
  /**
   * The ballot sealing key's file (`--ballot-key-file`); else `ECABINET_BALLOT_KEY`, a systemd
   * credential, or the development key beside the data folder (see `live-meeting/ballot-sealing-key.ts`).
   */
  ballotKeyFile?: string;
  /** scrypt cost of passwords (default OWASP's N=2^17; see `checkPasswordHashing`). Test suites lower it. */
  passwordHashing?: PasswordHashing;
  /** The app's address, linked from the home page `/` (see routes/home.ts). */
  appUrl?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  app: FastifyInstance;
  db: Db;
  /** Where the documents' bytes are (a folder or an S3 bucket). */
  blobs: BlobStore;
  /** Demo accounts when `seed: 'demo'` loaded the demo just now (for the CLI to print). */
  demo?: { password: string; accounts: DemoAccount[]; signingKeys: DemoSigningKeys };
  /** Where the ballot sealing key comes from (for the CLI to print). */
  ballotKey: BallotKeySource;
  /** Where Prometheus scrapes, when `metrics` was given. */
  metricsUrl?: string;
  close(): Promise<void>;
}

export async function startServer(opts: StartServerOptions): Promise<RunningServer> {
  const now = opts.now ?? (() => new Date());
  const passwordHashing = checkPasswordHashing(opts.passwordHashing ?? SCRYPT_PARAMS);
  // Read first: a missing certificate stops the start before anything is opened.
  const https = opts.tls ? { cert: await readFile(opts.tls.certFile), key: await readFile(opts.tls.keyFile) } : undefined;
  const db = await openServerDatabase(opts.dataDir, opts.database);
  let ballots: Awaited<ReturnType<typeof installBallotBox>> | undefined;
  let cluster: Cluster | undefined;
  let blobs: BlobStore | undefined;
  try {
    ballots = await installBallotBox(db, { dataDir: opts.dataDir, keyFile: opts.ballotKeyFile });
    // On PostgreSQL other instances may share the folder (and stage their uploads in it).
    blobs = await openBlobStore(opts.blobStore ?? { kind: 'fs', dir: join(opts.dataDir, 'blobs'), shared: opts.database?.kind === 'postgres' }, opts.dataDir);
    await TextLayerStore.tightenLegacy(opts.dataDir);
    let demo: RunningServer['demo'];
    if (opts.seed === 'demo') {
      const r = await seedDemo(db, blobs, now(), passwordHashing);
      if (r.seeded) {
        const org = await db.selectFrom('organizations').select('name').executeTakeFirstOrThrow();
        const signingKeys = await writeDemoSigningKeys(join(opts.dataDir, DEMO_KEYS_DIR), org.name, demoKeyHolders(r.accounts), r.password, new Date());
        demo = { password: r.password, accounts: r.accounts, signingKeys };
      }
    }
    // Other instances on the same PostgreSQL database hear of this one's changes; some jobs run once among them.
    // Until the app (and its logger) exists, an early failure of the bus goes to stderr.
    let logError = (what: string, e: unknown) => console.error(`${what} failed`, e);
    const running = startCluster(db, opts.database, (what, e) => logError(what, e));
    cluster = running;
    // prom-client loads only when metrics are wanted.
    const metrics = opts.metrics ? await (await import('./ops/metrics')).createMetrics(db, () => app) : undefined;
    const hub = new LiveHub(db, (e) => app.log.error({ err: e }, 'live poke failed'), opts.heartbeatMs, now, running.bus);
    const app = await buildApp(
      {
        db,
        blobs,
        hub,
        cluster: running,
        auth: { accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TTL_SECONDS, sessionLifetimeSeconds: opts.sessionLifetimeSeconds, now, passwordHashing },
        maxUploadBytes: opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
        loginRateLimit: opts.loginRateLimit ?? { max: 30, timeWindowMs: 60_000 },
        refreshRateLimit: opts.refreshRateLimit ?? { max: 60, timeWindowMs: 60_000 },
        loginThrottle: new LoginThrottle(db, { ...DEFAULT_LOGIN_THROTTLE, ...opts.loginThrottle }),
        archiveKeyDir: join(opts.dataDir, ARCHIVE_KEY_DIR),
        appUrl: opts.appUrl,
      },
      { logger: opts.logger, trustProxy: opts.trustProxy ?? false, https, instrument: metrics?.instrument },
    );
    logError = (what, e) => app.log.error({ err: e }, `${what} failed`);
    await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
    const metricsServer = metrics && opts.metrics ? await metrics.listen(opts.metrics) : undefined;
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0);
    const shownHost = (opts.host ?? '127.0.0.1') === '0.0.0.0' ? '127.0.0.1' : (opts.host ?? '127.0.0.1');
    // Every capability's background jobs (written-opinion reminders and summaries, …).
    const stopJobs = startJobs({
      db,
      blobs,
      now,
      notify: (changes) => hub.notify(changes),
      exclusive: (name, run) => running.jobs.exclusive(name, run),
      onError: (job, e) => app.log.error({ err: e }, `${job} tick failed`),
      tickMs: { 'written-opinions': opts.opinionTickMs, ocr: opts.ocrTickMs },
      housekeeping: housekeepingPolicy(opts.housekeeping, { sessionLifetimeSeconds: opts.sessionLifetimeSeconds, accessTokenTtlSeconds: opts.accessTokenTtlSeconds }),
    });
    // The CLI (and on PostgreSQL other instances) revoke devices and disable accounts by writing the database: close their sockets now.
    const stopWatching = watchOutsideWrites(db, opts.database, anyAccessMayHaveChanged, (e) => app.log.error({ err: e }, 'outside-writes watch failed'));
    let closed = false;
    return {
      url: `${https ? 'https' : 'http'}://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`,
      port,
      app,
      db,
      blobs,
      demo,
      ballotKey: ballots.box.source,
      metricsUrl: metricsServer?.url,
      async close() {
        if (closed) return;
        closed = true;
        await stopWatching();
        await metricsServer?.close();
        await stopJobs();
        // Graceful first; a keep-alive connection that is not idle at that instant would
        // otherwise hold close() for the whole keep-alive timeout (72 s).
        const force = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
        try {
          await app.close();
        } finally {
          clearTimeout(force);
        }
        await running.close();
        await ballots!.uninstall();
        await blobs!.close();
        await db.destroy();
      },
    };
  } catch (e) {
    await cluster?.close();
    await ballots?.uninstall();
    await blobs?.close();
    await db.destroy();
    throw e;
  }
}
