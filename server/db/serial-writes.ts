/**
 * PostgreSQL with the transaction semantics the server was written for.
 *
 * On SQLite every transaction of the server runs alone: Kysely's SQLite driver has one connection
 * behind a lock, and SQLite itself has one writer. The change log, exactly-once push and the
 * secret-ballot box are written for that (see ARCHITECTURE.md, "Transactions on PostgreSQL"). On
 * PostgreSQL a pool runs transactions side by side at READ COMMITTED, and several server
 * instances may share the database. So every transaction begins by taking one transaction-scoped
 * advisory lock, the same for all instances: transactions run one after the other (a serial
 * schedule, stronger than SERIALIZABLE and without its retries), each sees every commit before it,
 * and the lock is let go only once its commit is visible. Statements outside a transaction
 * (most reads) do not wait: each sees the latest commit, as on SQLite.
 */
import { CompiledQuery, PostgresDialect, PostgresDriver, sql, type DatabaseConnection, type Driver, type Kysely, type TransactionSettings } from 'kysely';

/** The writers' lock: two 32-bit keys ("ecab", 1), apart from Kysely's migration lock. */
const LOCK_SQL = 'SELECT pg_advisory_xact_lock(1701012066, 1)';

/** Takes the writers' lock inside an open transaction (the migration runner's own BEGIN). */
export async function lockAllWriters<T>(conn: Kysely<T>): Promise<void> {
  await sql.raw(LOCK_SQL).execute(conn);
}

class SerialWritesDriver extends PostgresDriver {
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await super.beginTransaction(connection, settings);
    await connection.executeQuery(CompiledQuery.raw(LOCK_SQL));
  }
}

export class SerialWritesPostgresDialect extends PostgresDialect {
  constructor(private readonly dialectConfig: ConstructorParameters<typeof PostgresDialect>[0]) {
    super(dialectConfig);
  }

  override createDriver(): Driver {
    return new SerialWritesDriver(this.dialectConfig);
  }
}
