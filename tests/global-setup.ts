/**
 * Once per test run, before any test file: names the folder where the demo committee's rendered
 * PDFs are kept for the run's two dozen demo seeds (server/demo/rendered-pdf-cache.ts). The
 * folder is named by the hash of everything the rendering reads, so a change to the renderer,
 * the demo content, the fonts or the PDF library renders afresh.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PDF_CACHE_ENV } from '../server/demo/rendered-pdf-cache';
import { OUTER_TMPDIR_ENV } from './helpers/outer-tmpdir';
import { A11Y_CLAIMS_ENV } from './e2e/a11y-claims';

const root = path.resolve(__dirname, '..');
const INPUTS = ['server/pdf', 'server/demo', 'signing/pdf', 'shared', 'resources/fonts', 'package-lock.json'];

function inputsHash(): string {
  const h = createHash('sha256');
  const add = (rel: string) => {
    const abs = path.join(root, rel);
    if (statSync(abs).isDirectory()) for (const name of readdirSync(abs).sort()) add(path.join(rel, name));
    else h.update(rel).update('\0').update(readFileSync(abs)).update('\0');
  };
  for (const rel of INPUTS) add(rel);
  return h.digest('hex').slice(0, 20);
}

/**
 * Where the run's temporary folders go: a memory file system when the machine has one with room
 * to spare (Linux's /dev/shm; `ECABINET_TEST_TMPDIR` chooses another). The servers, caches and
 * uploads the tests make fsync as in production (tests/server/fsync-before-ack.test.ts watches
 * the calls), and on a disk each of those waits several milliseconds: most of a push-heavy
 * test's time. Set before the test processes start, which inherit it.
 */
function useMemoryTempDir(): void {
  let dir = process.env.ECABINET_TEST_TMPDIR;
  if (!dir) {
    try {
      const fsStats = statfsSync('/dev/shm');
      if (fsStats.bavail * fsStats.bsize < 4 * 2 ** 30) return; // a container's small /dev/shm: stay on disk
    } catch {
      return;
    }
    dir = path.join('/dev/shm', `ecabinet-tests-${os.userInfo().uid}`);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // The tests' PostgreSQL (scripts/test-postgres.sh) stays where it was started before the run.
  process.env[OUTER_TMPDIR_ENV] ??= process.env.TMPDIR ?? '';
  process.env.TMPDIR = dir;
}

export default function setup(): () => void {
  useMemoryTempDir();
  process.env[DEMO_PDF_CACHE_ENV] ??= path.join(os.tmpdir(), `ecabinet-demo-pdfs-${inputsHash()}`);
  // The screens scanned for accessibility in this run, by any test process: each scanned once.
  const claims = mkdtempSync(path.join(os.tmpdir(), 'ecabinet-a11y-'));
  process.env[A11Y_CLAIMS_ENV] = claims;
  return () => rmSync(claims, { recursive: true, force: true });
}
