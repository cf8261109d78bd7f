// Shared with the server's worker threads: node-shared/workers/worker-script.ts.
export * from '../../../node-shared/workers/worker-script';
