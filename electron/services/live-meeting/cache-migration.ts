import type Database from 'better-sqlite3-multiple-ciphers';

/** Cache version 4: receipts of secret ballots cast from this machine. */
export function liveMeetingCacheMigration(db: Database.Database): void {
  db.exec(`
    CREATE TABLE vote_receipts (
      user_id TEXT NOT NULL, vote_id TEXT NOT NULL, member_id TEXT NOT NULL, receipt TEXT NOT NULL,
      PRIMARY KEY (user_id, vote_id, member_id)
    );
  `);
}
