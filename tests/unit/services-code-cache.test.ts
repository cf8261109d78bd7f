import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { check } from '../helpers/tool';

/**
 * The services process's entry runs its bundle through V8's code cache kept in the data folder.
 * A cache is only a speed-up: a missing, foreign (another bundle: an upgrade) or damaged one is
 * ignored, the bundle runs all the same, and a good one is written for the next start. Each start
 * is a process of its own, as in the app (one V8 isolate remembers what it compiled).
 */
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ecab-code-cache-'));
const loader = path.join(tmp, 'code-cache.cjs');
const runner = path.join(tmp, 'runner.cjs');
const bundle = path.join(tmp, 'app', 'services-main.cjs');
const cacheDir = path.join(tmp, 'data', 'code-cache');

function writeBundle(version: number): void {
  // A CommonJS bundle as esbuild writes it: it uses require, module, exports, __dirname and __filename.
  writeFileSync(
    bundle,
    `"use strict";
const path = require('node:path');
function work(n) { let s = 0; for (let i = 0; i < n; i++) s += i; return s; }
module.exports = { version: ${version}, sum: work(10) };
exports.ignored = true;
globalThis.__ran = { version: module.exports.version, sum: module.exports.sum, dir: __dirname, file: __filename, sep: path.sep };
`,
  );
}

interface Started {
  cache: string;
  ran: { version: number; sum: number; dir: string; file: string; sep: string };
}

/** One start: the loader runs the bundle; `write`: the cache is written at once (else when the process ends). */
async function start(opts: { cacheDir?: string; write?: boolean } = {}): Promise<Started> {
  const r = await check(process.execPath, [runner, bundle, opts.cacheDir ?? '', opts.write ? 'write' : '']);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Started;
}

const cacheFiles = () => {
  try {
    return readdirSync(cacheDir).sort();
  } catch {
    return [];
  }
};

describe('the services bundle runs through a code cache in the data folder', () => {
  beforeAll(async () => {
    await build({ entryPoints: [path.resolve(__dirname, '../../electron/services-process/code-cache.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: loader, logLevel: 'silent' });
    writeFileSync(
      runner,
      `const { runWithCodeCache } = require(${JSON.stringify(loader)});
const run = runWithCodeCache(process.argv[2], process.argv[3] || undefined, 3600000);
if (process.argv[4] === 'write') run.writeNow();
console.log(JSON.stringify({ cache: run.cache, ran: globalThis.__ran }));`,
    );
  });
  beforeEach(() => {
    rmSync(path.join(tmp, 'app'), { recursive: true, force: true });
    rmSync(path.join(tmp, 'data'), { recursive: true, force: true });
    mkdirSync(path.join(tmp, 'app'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('runs the bundle as Node would, writes the cache, and uses it at the next start', async () => {
    writeBundle(1);
    const first = await start({ cacheDir, write: true });
    expect(first).toEqual({ cache: 'none', ran: { version: 1, sum: 45, dir: path.dirname(bundle), file: bundle, sep: path.sep } });
    const written = cacheFiles();
    expect(written).toHaveLength(1);
    expect(statSync(path.join(cacheDir, written[0])).mode & 0o777).toBe(0o600);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    const second = await start({ cacheDir, write: true });
    expect(second.cache).toBe('used');
    expect(second.ran.version).toBe(1);
    expect(cacheFiles()).toEqual(written);
  });

  it('a process that ends before the timer writes its cache as it exits', async () => {
    writeBundle(1);
    expect((await start({ cacheDir })).cache).toBe('none');
    expect(cacheFiles()).toHaveLength(1);
    expect((await start({ cacheDir })).cache).toBe('used');
  });

  it('after an upgrade the old cache is never read, and goes when the new one is written', async () => {
    writeBundle(1);
    await start({ cacheDir, write: true });
    const old = cacheFiles();
    writeBundle(2);
    const upgraded = await start({ cacheDir, write: true });
    expect(upgraded.cache).toBe('none');
    expect(upgraded.ran.version).toBe(2);
    expect(cacheFiles()).toHaveLength(1);
    expect(cacheFiles()).not.toEqual(old);
    expect((await start({ cacheDir })).cache).toBe('used');
  });

  it('a damaged cache is refused: the bundle still runs and the cache is written anew', async () => {
    writeBundle(3);
    await start({ cacheDir, write: true });
    const [name] = cacheFiles();
    writeFileSync(path.join(cacheDir, name), Buffer.from('not a V8 code cache at all, just some bytes'));
    const damaged = await start({ cacheDir, write: true });
    expect(damaged.cache).toBe('rejected');
    expect(damaged.ran.version).toBe(3);
    expect((await start({ cacheDir })).cache).toBe('used');
  });

  it('without a cache folder the bundle just runs; a folder that cannot be written only costs the speed-up', async () => {
    writeBundle(4);
    expect(await start()).toMatchObject({ cache: 'off', ran: { version: 4 } });
    // A file where the folder should be: nothing can be written there.
    mkdirSync(path.dirname(cacheDir), { recursive: true });
    writeFileSync(cacheDir, 'in the way');
    expect(await start({ cacheDir, write: true })).toMatchObject({ cache: 'none', ran: { version: 4 } });
    expect(await start({ cacheDir })).toMatchObject({ cache: 'none', ran: { version: 4 } });
  });
});
