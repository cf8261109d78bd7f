/**
 * A small pool of worker threads (piscina) for work that must not run on the thread that
 * answers the UI. Threads start on first use and end when idle; an idle pool does not keep the
 * process alive. A task can be given a time limit: past it, its thread is terminated (the
 * pool starts a fresh one for the next task) and the task fails with a clear error.
 */
import type { Piscina } from 'piscina';
import type { ResourceLimits, TransferListItem } from 'node:worker_threads';
import { unpack, type TaskResult } from './task-result';
import { workerScript, type WorkerName } from './worker-script';

export interface WorkerPoolOptions {
  maxThreads: number;
  /** Heap limits of each thread: a hostile input kills its thread, not the process. */
  resourceLimits?: ResourceLimits;
  /** Lower CPU priority (Linux nice) for background work. */
  niceIncrement?: number;
  idleTimeoutMs?: number;
}

/** Why a task did not finish: its time limit, the caller's stop, or its thread ran out of memory. */
export class WorkerTaskError extends Error {
  constructor(
    readonly reason: 'timeout' | 'stopped' | 'out_of_memory' | 'crashed',
    message: string,
  ) {
    super(message);
    this.name = 'WorkerTaskError';
  }
}

/** Why a pool's thread failed to start, for the tasks that were waiting on it. */
const startFailures = new WeakMap<Piscina, Error>();

const formatSeconds = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);

export class WorkerPool {
  private pool: Promise<Piscina> | null = null;

  constructor(
    private readonly name: WorkerName,
    private readonly opts: WorkerPoolOptions,
  ) {}

  private piscina(): Promise<Piscina> {
    if (this.pool) return this.pool;
    // piscina loads with the first task, not with the process that may never need a thread.
    const created = Promise.all([workerScript(this.name), import('piscina')]).then(([filename, mod]) => {
      // Node's ESM loader gives the named export; a bundle that inlines piscina's CommonJS entry
      // (module.exports = the class) gives only `default`.
      const PiscinaClass = (mod.Piscina ?? (mod as unknown as { default: typeof Piscina }).default) as typeof Piscina;
      const pool = new PiscinaClass({
        filename,
        minThreads: 0,
        maxThreads: this.opts.maxThreads,
        idleTimeout: this.opts.idleTimeoutMs ?? 30_000,
        resourceLimits: this.opts.resourceLimits,
        niceIncrement: this.opts.niceIncrement ?? 0,
        // Tasks are async (pdf.js, network): let the worker's event loop run between them.
        atomics: 'disabled',
      });
      // A thread that dies with no task on it (while starting, e.g. out of memory) is reported
      // here. Piscina starts no new thread after a failed start, so queued tasks would wait
      // forever: fail them with that reason, and start a fresh pool for the next task.
      pool.on('error', (err: Error) => {
        startFailures.set(pool, err);
        if (this.pool === created) this.pool = null;
        void pool.destroy();
      });
      return pool;
    });
    this.pool = created;
    created.catch(() => {
      if (this.pool === created) this.pool = null;
    });
    return created;
  }

  /**
   * Runs exported function `fn` of the worker with `task`. `timeoutMs` bounds the task (its
   * thread is terminated past it); `signal` stops it early.
   */
  async run<T>(
    fn: string,
    task: unknown,
    opts: { timeoutMs?: number; signal?: AbortSignal; transferList?: TransferListItem[]; label?: string } = {},
  ): Promise<T> {
    const pool = await this.piscina();
    const label = opts.label ?? `${this.name} worker: ${fn}`;
    const timeout = opts.timeoutMs !== undefined ? AbortSignal.timeout(opts.timeoutMs) : null;
    const signals = [timeout, opts.signal].filter((s): s is AbortSignal => !!s);
    const signal = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
    let result: TaskResult<T>;
    try {
      result = (await pool.run(task, { name: fn, signal, transferList: opts.transferList as never })) as TaskResult<T>;
    } catch (thrown) {
      const e = startFailures.get(pool) ?? thrown;
      if (timeout?.aborted) throw new WorkerTaskError('timeout', `${label}: stopped after the ${formatSeconds(opts.timeoutMs!)} time limit`);
      if (opts.signal?.aborted) throw new WorkerTaskError('stopped', `${label}: stopped`);
      if ((e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        const mb = this.opts.resourceLimits?.maxOldGenerationSizeMb;
        throw new WorkerTaskError('out_of_memory', `${label}: stopped, it needed more than the ${mb ?? '?'} MB memory limit`);
      }
      throw new WorkerTaskError('crashed', `${label}: the worker thread failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    return unpack(result);
  }

  /** Tasks run to completion so far (tests: proves the work went to a worker). */
  async completed(): Promise<number> {
    return this.pool ? (await this.pool).completed : 0;
  }

  /**
   * Ends the threads: queued tasks fail, running ones may finish first (a thread terminated in
   * the middle of native work such as zlib can abort the whole process on Node 20).
   */
  async destroy(): Promise<void> {
    const p = this.pool;
    this.pool = null;
    if (p) await (await p).close({ force: true });
  }
}
