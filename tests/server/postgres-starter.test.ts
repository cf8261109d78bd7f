/**
 * The script that starts the tests' PostgreSQL (scripts/test-postgres.sh) is called by every test
 * file that needs it, one at a time under a lock. CI once failed 21 tests because the server it
 * started inherited that lock and held it for ever: every later call waited until its time ran out.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { outerTmpdirEnv } from '../helpers/outer-tmpdir';

const run = promisify(execFile);
const SCRIPT = join(__dirname, '..', '..', 'scripts', 'test-postgres.sh');

describe('the tests’ PostgreSQL starter', () => {
  it('answers with a working address and leaves its lock free for the next test file', async () => {
    const env = outerTmpdirEnv();
    const { stdout } = await run('bash', [SCRIPT], { timeout: 120_000, env });
    const c = new pg.Client({ connectionString: stdout.trim() });
    await c.connect();
    try {
      expect((await c.query('SELECT 1 AS one')).rows[0].one).toBe(1);
    } finally {
      await c.end();
    }
    if (process.env.ECABINET_TEST_POSTGRES_URL) return; // an outside server: no lock is taken
    const lock = join(env.TMPDIR || '/tmp', `ecabinet-test-postgres-${process.getuid!()}.lock`);
    // Another test file's call may hold the lock for a moment: wait for that, a bounded time. A
    // server that inherited the lock's descriptor would hold it past any wait.
    await expect(run('flock', ['-w', '60', lock, 'true'])).resolves.toBeDefined();
  });
});
