// Shared with the server's worker threads: node-shared/workers/worker-pool.ts.
export * from '../../../node-shared/workers/worker-pool';
