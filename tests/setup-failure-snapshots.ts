/**
 * Every test file: when a test fails with browser pages open, say what they showed
 * (tests/helpers/failure-snapshots.ts); with ECABINET_TEST_CPU_LOG, what the file cost in CPU
 * (tests/helpers/cpu-per-file.ts).
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { cpuLogEnabled, cpuSince, logFileCpu, treeTicksByPid } from './helpers/cpu-per-file';
import { describeOpenPages } from './helpers/failure-snapshots';

afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  await describeOpenPages(ctx.task.name, path.resolve(__dirname, '../test-results/failures'));
}, 60_000);

const cpuLog = cpuLogEnabled();
if (cpuLog) {
  let cpu0 = new Map() as ReturnType<typeof treeTicksByPid>;
  let wall0 = 0;
  beforeAll(() => {
    cpu0 = treeTicksByPid();
    wall0 = performance.now();
  });
  // Vitest passes the file's suite second (the first argument is for fixtures).
  // eslint-disable-next-line no-empty-pattern
  afterAll(({}, suite) => {
    logFileCpu(cpuLog, path.relative(process.cwd(), suite.file?.filepath ?? suite.name), cpuSince(cpu0), (performance.now() - wall0) / 1000);
  });
}
