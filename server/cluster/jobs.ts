/**
 * Background jobs that must run once for the whole deployment, not once per server instance:
 * vote deadlines, written-opinion reminders and deadlines, change-log compaction. A job runs
 * under a PostgreSQL session advisory lock named after it, taken with `pg_try_advisory_lock` on
 * a connection of its own: while one instance runs a job the others skip their tick; if that
 * instance dies, PostgreSQL ends its connection and the lock with it, and the next tick of
 * another instance takes the job over. That works because a job keeps its progress in the
 * database (what is done is marked in the same transaction that does it), never in memory: a
 * tick that was cut halfway is finished by the next one, and a step is never done twice.
 * The lock only keeps ticks from running side by side; the database state is what makes each
 * step happen once (a lock lost with a broken connection must not let a step run twice). A job
 * whose steps are long (OCR: minutes per document) also listens to the `lost` signal it is given:
 * it aborts when the lock's connection breaks, since another instance may take the job over then.
 *
 * SQLite is one instance: a job only needs to not overlap itself.
 */
import pg from 'pg';
import type { DatabaseOption } from '../db/dialect';

/** Namespace of the jobs' locks ("ecjb"), apart from the writers' lock ("ecab", 1) of db/serial-writes.ts. */
const JOB_LOCK_SPACE = 0x65636a62;

/** How long a broken lock connection waits before it is opened again. */
const RECONNECT_MS = 1_000;

/** A job's lock key: FNV-1a of its name, as PostgreSQL's signed 32-bit integer. */
export function jobLockKey(name: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(name)) h = Math.imul(h ^ b, 0x01000193);
  return h | 0;
}

export interface ClusterJobs {
  /**
   * Runs `run` unless this job is running already, here or on another instance; resolves to
   * whether it ran. Errors of `run` are reported to the runner's `onError`, never thrown.
   * `lost` aborts when this instance no longer holds the job's lock (its connection broke).
   */
  exclusive(name: string, run: (lost: AbortSignal) => Promise<void>): Promise<boolean>;
  /** Runs the job every `intervalMs` (exclusively); returns the stop function (waits for a tick in progress). */
  every(name: string, intervalMs: number, run: () => Promise<void>): () => Promise<void>;
  close(): Promise<void>;
}

abstract class JobRunner implements ClusterJobs {
  private readonly running = new Map<string, Promise<void>>();

  constructor(protected readonly onError: (job: string, e: unknown) => void) {}

  /** Takes the job's lock: the signal that aborts when it is lost, or null when another holds it. */
  protected abstract lock(name: string): Promise<AbortSignal | null>;
  protected abstract unlock(name: string): Promise<void>;

  async exclusive(name: string, run: (lost: AbortSignal) => Promise<void>): Promise<boolean> {
    if (this.running.has(name)) return false;
    let done!: () => void;
    this.running.set(name, new Promise<void>((r) => (done = r)));
    try {
      const lost = await this.lock(name).catch((e) => (this.onError(name, e), null));
      if (!lost) return false;
      try {
        await run(lost);
      } catch (e) {
        this.onError(name, e);
      } finally {
        await this.unlock(name).catch((e) => this.onError(name, e));
      }
      return true;
    } finally {
      this.running.delete(name);
      done();
    }
  }

  every(name: string, intervalMs: number, run: () => Promise<void>): () => Promise<void> {
    let stopped = false;
    const timer = setInterval(() => {
      if (!stopped) void this.exclusive(name, run);
    }, intervalMs);
    timer.unref();
    return async () => {
      stopped = true;
      clearInterval(timer);
      await this.running.get(name);
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.running.values());
  }
}

class SoloJobs extends JobRunner {
  protected async lock(): Promise<AbortSignal> {
    return new AbortController().signal; // One instance: never lost.
  }
  protected async unlock(): Promise<void> {}
}

class PostgresJobs extends JobRunner {
  private client: Promise<pg.Client> | undefined;
  /** Per connection, aborted when it breaks: every lock taken on it is gone. */
  private readonly lostWith = new WeakMap<pg.Client, AbortSignal>();
  private retryAfter = 0;
  private closed = false;

  constructor(private readonly url: string, onError: (job: string, e: unknown) => void) {
    super(onError);
  }

  /** The locks' connection, opened on first use and again after it broke (its locks went with it). */
  private connection(): Promise<pg.Client> {
    if (this.closed) return Promise.reject(new Error('the job runner is closed'));
    if (this.client) return this.client;
    if (Date.now() < this.retryAfter) return Promise.reject(new Error('the job lock connection to PostgreSQL is down'));
    const c = new pg.Client({ connectionString: this.url });
    const lost = new AbortController();
    this.lostWith.set(c, lost.signal);
    const forget = () => {
      lost.abort(new Error('the job lock connection to PostgreSQL broke'));
      if (this.client !== opening) return;
      this.client = undefined;
      this.retryAfter = Date.now() + RECONNECT_MS;
      void c.end().catch(() => {});
    };
    c.on('error', forget);
    c.on('end', forget);
    const opening: Promise<pg.Client> = c.connect().then(
      () => c,
      (e: unknown) => {
        forget();
        throw e;
      },
    );
    this.client = opening;
    return opening;
  }

  protected async lock(name: string): Promise<AbortSignal | null> {
    const c = await this.connection();
    const lost = this.lostWith.get(c)!;
    const r = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [JOB_LOCK_SPACE, jobLockKey(name)]);
    return r.rows[0]?.ok === true ? lost : null;
  }

  protected async unlock(name: string): Promise<void> {
    const c = await this.client;
    // A connection that broke meanwhile took the lock with it.
    if (c) await c.query('SELECT pg_advisory_unlock($1, $2)', [JOB_LOCK_SPACE, jobLockKey(name)]);
  }

  override async close(): Promise<void> {
    await super.close();
    this.closed = true;
    const c = this.client;
    this.client = undefined;
    await (await c?.catch(() => undefined))?.end().catch(() => {});
  }
}

export function clusterJobs(database: DatabaseOption | undefined, onError: (job: string, e: unknown) => void): ClusterJobs {
  return database?.kind === 'postgres' ? new PostgresJobs(database.url, onError) : new SoloJobs(onError);
}
