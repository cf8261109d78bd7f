import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicesProcessExecArgv } from '../../electron/services-process/malloc-env';
import { tool } from '../helpers/tool';

/**
 * The services process runs with a small young generation on its main thread (the thread that
 * answers the UI keeps little between collections; V8 would grow it to 32 MB resident), and its
 * worker threads keep the sizes they are given: the option is cleared once the main thread's heap
 * is set up. A process of its own started as the shells start it; sizes, not times, are checked.
 */
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ecab-services-heap-'));
const script = path.join(tmp, 'probe.cjs');

/** Young generation sizes after enough surviving garbage for V8 to grow them to their maximum. */
const PROBE = `
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { releaseYoungGenerationOption } from ${JSON.stringify(path.resolve('electron/services-process/malloc-env.ts'))};

releaseYoungGenerationOption();
const CHURN = \`
  const v8 = require('node:v8');
  let kept = [];
  for (let i = 0; i < 1.5e6; i++) { kept.push({ i, s: "x" + i }); if (kept.length > 1e5) kept = []; }
  globalThis.newSpaceMb = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576;
\`;
new Function('require', CHURN)(require);
const main = globalThis.newSpaceMb;
const worker = (resourceLimits) => new Promise((resolve, reject) => {
  const w = new Worker(CHURN + "require('node:worker_threads').parentPort.postMessage(globalThis.newSpaceMb);", { eval: true, resourceLimits });
  w.once('message', (mb) => { resolve(mb); void w.terminate(); });
  w.once('error', reject);
});
void (async () => {
  const sized = await worker({ maxYoungGenerationSizeMb: 8 });
  const unsized = await worker(undefined);
  console.log(JSON.stringify({ main, sized, unsized }));
})();
`;

beforeAll(async () => {
  await build({ stdin: { contents: PROBE, loader: 'ts', resolveDir: process.cwd() }, outfile: script, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('services process heap', () => {
  it('keeps the main thread young generation small, and worker threads their own sizes', async () => {
    const stdout = (await tool(process.execPath, [...servicesProcessExecArgv(), script])).toString('utf8');
    const { main, sized, unsized } = JSON.parse(stdout) as { main: number; sized: number; unsized: number };
    // 2 MB semi-spaces: 4 MB of new space at most (V8's default grows to 32 MB).
    expect(main).toBeLessThanOrEqual(4);
    // The PDF text reader's 8 MB young generation, not the main thread's option.
    expect(sized).toBeGreaterThanOrEqual(8);
    // A thread given no size gets V8's default, larger than the main thread's.
    expect(unsized).toBeGreaterThan(main);
  }, 60_000);
});
