/**
 * What lets several server instances share one PostgreSQL database (behind any HTTP load
 * balancer): the bus between instances (bus.ts) and jobs that run once cluster-wide (jobs.ts).
 * On SQLite both are the trivial versions of one instance alone.
 */
import type { DatabaseOption } from '../db/dialect';
import type { Db } from '../db/open';
import { clusterBus, type ClusterBus } from './bus';
import { clusterJobs, type ClusterJobs } from './jobs';

export type { ClusterBus, ClusterEvents, ClusterListener } from './bus';
export type { ClusterJobs } from './jobs';

export interface Cluster {
  bus: ClusterBus;
  jobs: ClusterJobs;
  close(): Promise<void>;
}

export function startCluster(db: Db, database: DatabaseOption | undefined, onError: (what: string, e: unknown) => void): Cluster {
  const bus = clusterBus(db, database, (e) => onError('cluster bus', e));
  const jobs = clusterJobs(database, (job, e) => onError(job, e));
  return {
    bus,
    jobs,
    async close() {
      await jobs.close();
      await bus.close();
    },
  };
}
