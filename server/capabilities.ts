/**
 * The server's capabilities, each one list entry: its HTTP/WebSocket routes and the background
 * jobs it runs. `buildApp` registers every entry's routes and `startServer` starts every
 * entry's jobs; a new capability is one more entry here (its mutations and synced entities go
 * in the registries: server/mutators/, server/sync/entities/).
 */
import type { FastifyInstance } from 'fastify';
import type { BlobStore } from './blobs/store';
import type { Db } from './db/open';
import type { LoggedChange } from './sync/changelog';
import type { ServerContext } from './routes/context';
import { adminRoutes } from './routes/admin';
import { organisationRoutes } from './routes/organisations';
import { decisionRulesRoutes } from './rules/routes';
import { authRoutes } from './routes/auth';
import { blobRoutes } from './routes/blobs';
import { liveRoutes } from './routes/live';
import { liveMeetingRoutes } from './routes/live-meeting';
import { homeRoutes } from './routes/home';
import { metaRoutes } from './routes/meta';
import { secretariatRoutes } from './routes/secretariat';
import { syncRoutes } from './routes/sync';
import { startOpinionScheduler } from './written-opinions/scheduler';
import { ocrRoutes } from './ocr/routes';
import { startOcrJob } from './ocr/ocr-queue';
import { startHousekeepingJob } from './housekeeping/job';
import type { HousekeepingPolicy } from './housekeeping/policy';

export interface JobContext {
  db: Db;
  blobs: BlobStore;
  now: () => Date;
  /** Tells connected clients about committed changes (live pokes). */
  notify: (changes: readonly LoggedChange[]) => void;
  /** Runs a tick of the job named `name` unless it runs already, here or on another instance sharing the database (server/cluster/jobs.ts). */
  exclusive: (name: string, run: (lost: AbortSignal) => Promise<void>) => Promise<boolean>;
  onError: (job: string, e: unknown) => void;
  /** Tick period overrides for tests, by job name. */
  tickMs: Partial<Record<string, number>>;
  /** Change-log and mutation-id horizons of the housekeeping job. */
  housekeeping: HousekeepingPolicy;
}

/** A background job; returns how to stop it (waiting for a tick in progress). */
export type Job = (ctx: JobContext) => () => Promise<void>;

export interface ServerCapability {
  name: string;
  routes: ((app: FastifyInstance, ctx: ServerContext) => Promise<void>)[];
  jobs?: Record<string, Job>;
}

export const SERVER_CAPABILITIES: readonly ServerCapability[] = [
  // Accounts, sync (pull/push), files and live pokes: what every other capability stands on.
  { name: 'foundation', routes: [metaRoutes, authRoutes, syncRoutes, blobRoutes, liveRoutes, homeRoutes] },
  // Accounts, devices and the retention policy, for the administrator.
  { name: 'admin', routes: [adminRoutes, decisionRulesRoutes, organisationRoutes] },
  { name: 'secretariat', routes: [secretariatRoutes] },
  { name: 'live-meeting', routes: [liveMeetingRoutes] },
  {
    name: 'written-opinions',
    routes: [],
    jobs: {
      // Reminders before the deadline, the summary at the deadline.
      'written-opinions': (ctx) =>
        startOpinionScheduler({
          db: ctx.db,
          blobs: ctx.blobs,
          now: ctx.now,
          notify: ctx.notify,
          exclusive: (run) => ctx.exclusive('written-opinions', run),
          onError: (e) => ctx.onError('written-opinions', e),
          intervalMs: ctx.tickMs['written-opinions'],
        }),
    },
  },
  {
    // Scanned PDFs: the text of pages without a text layer, recognised once per content hash.
    name: 'ocr',
    routes: [ocrRoutes],
    jobs: {
      ocr: (ctx) =>
        startOcrJob({
          db: ctx.db,
          blobs: ctx.blobs,
          now: ctx.now,
          onError: (e) => ctx.onError('ocr', e),
          exclusive: (run) => ctx.exclusive('ocr', run),
          intervalMs: ctx.tickMs.ocr,
        }),
    },
  },
  {
    // Change-log compaction and pruning of old mutation answers, once per period cluster-wide.
    name: 'housekeeping',
    routes: [],
    jobs: {
      housekeeping: (ctx) =>
        startHousekeepingJob({
          db: ctx.db,
          now: ctx.now,
          policy: ctx.housekeeping,
          onError: (e) => ctx.onError('housekeeping', e),
          checkMs: ctx.tickMs.housekeeping,
          exclusive: (run) => ctx.exclusive('housekeeping', run),
        }),
    },
  },
];

/** Starts every capability's jobs; the returned function stops them all. */
export function startJobs(ctx: JobContext): () => Promise<void> {
  const stops = SERVER_CAPABILITIES.flatMap((c) => Object.values(c.jobs ?? {}).map((job) => job(ctx)));
  return async () => {
    await Promise.all(stops.map((stop) => stop()));
  };
}
