// Shared with the server's worker threads: node-shared/workers/task-result.ts.
export * from '../../../node-shared/workers/task-result';
