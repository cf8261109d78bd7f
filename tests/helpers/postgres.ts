/**
 * A fresh PostgreSQL database for a test: the server the tests use is started if it is down
 * (`scripts/test-postgres.sh`: the system cluster as root, a temporary one otherwise), then a
 * database with a random name is created, and dropped by `drop()`. No PostgreSQL, no test: the
 * error says why (these cases never skip).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { outerTmpdirEnv } from './outer-tmpdir';

// Resolved when first needed: benchmarks bundle this file as ESM, where `__dirname` does not exist.
const script = () => join(__dirname, '..', '..', 'scripts', 'test-postgres.sh');

let adminUrl: Promise<string> | undefined;

/** The address of the tests' PostgreSQL server (its `postgres` database), started once per process. */
export function testPostgresAdminUrl(): Promise<string> {
  adminUrl ??= promisify(execFile)('bash', [script()], { timeout: 120_000, env: outerTmpdirEnv() }).then(
    // The address is the last line: starting the cluster may print notices before it.
    ({ stdout }) => stdout.trim().split('\n').at(-1)!.trim(),
    (e: Error & { stderr?: string }) => {
      adminUrl = undefined;
      throw new Error(`PostgreSQL for the tests could not be started: ${e.stderr || e.message}`);
    },
  );
  return adminUrl;
}

export interface TestPostgresDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function asAdmin<T>(run: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: await testPostgresAdminUrl() });
  await c.connect();
  try {
    return await run(c);
  } finally {
    await c.end();
  }
}

/** A new, empty database ordering text by code point, as the server requires. */
export function freshPostgresDatabase(): Promise<TestPostgresDatabase> {
  return createDatabase(`TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`);
}

/**
 * A new database holding a copy of `source` (schema and rows), made by the server from it as a
 * template: nobody may be connected to `source` meanwhile.
 */
export async function copyOfPostgresDatabase(source: TestPostgresDatabase): Promise<TestPostgresDatabase> {
  // A connection just closed can still be ending on the server, which waits 5 s for it before it
  // refuses (55006 "being accessed by other users"): a loaded machine may need longer.
  for (let attempt = 1; ; attempt++) {
    try {
      return await createDatabase(`TEMPLATE ${source.name}`);
    } catch (e) {
      if ((e as { code?: string }).code !== '55006' || attempt >= 6) throw e;
    }
  }
}

async function createDatabase(how: string): Promise<TestPostgresDatabase> {
  const name = `ecab_test_${randomBytes(6).toString('hex')}`;
  await asAdmin(async (c) => {
    await c.query(`CREATE DATABASE ${name} ${how}`);
    // A commit returns before its WAL reaches the disk: only a crash of PostgreSQL itself could
    // lose it, which no test makes (they stop and kill the eCabinet server, never the database).
    await c.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
  });
  // Not `new URL`: a Unix-socket address (`postgres://user@/postgres?host=/tmp/…`) has no host.
  const url = (await testPostgresAdminUrl()).replace(/\/postgres(\?|$)/, `/${name}$1`);
  return {
    name,
    url,
    drop: () => asAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
