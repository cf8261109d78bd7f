/** Every test file: when a test fails with browser pages open, say what they showed (tests/helpers/failure-snapshots.ts). */
import path from 'node:path';
import { afterEach } from 'vitest';
import { describeOpenPages } from './helpers/failure-snapshots';

afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  await describeOpenPages(ctx.task.name, path.resolve(__dirname, '../test-results/failures'));
}, 60_000);
