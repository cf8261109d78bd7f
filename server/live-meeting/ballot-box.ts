/**
 * The secret ballot box: how a secret ballot is kept from its cast to the count so that no copy
 * of the server's files (database, WAL, backup, logs), taken at any moment, links a voter to a
 * choice better than chance.
 *
 * What such a copy shows. Who voted is public (turnout). SQLite keeps history we cannot turn
 * off: the WAL holds every committed page in commit order, and a page keeps each cell where it
 * was first written. Whatever durable record a cast writes lands in the same commit as that
 * voter's turnout row, or in the next one: splitting the transaction only moves the link. So no
 * record written at a cast may depend on the choice in clear, not even a tally counter; and the
 * receipts, published with their options at the close, must not be stored in clear either.
 *
 * The design.
 * - Opening a secret vote draws a fresh 256-bit ballot key. The database holds it only wrapped
 *   (AES-256-GCM) by the server's ballot sealing key, which never lives in the data folder
 *   (`ballot-sealing-key.ts`: a key file, the environment, a systemd credential). While the vote
 *   is open the unwrapped key stays in memory.
 * - A cast writes, in one transaction, the turnout row (who) and one sealed ballot: AES-256-GCM,
 *   under a key derived from the ballot key, of (receipt, option) padded with random bytes to a
 *   fixed size (every sealed ballot has the same length, whatever the option's name), filed
 *   under slot = HMAC(ballot key, receipt). Without the sealing key slot and seal are random
 *   bytes: the WAL order links a voter to a slot, and the slot to nothing. The voter gets the
 *   receipt; the server keeps it only inside the seal. Nothing about a ballot is logged.
 * - A change (votes that allow it) proves ownership with the receipt: its slot is found by the
 *   HMAC and sealed again with the new option.
 * - The close decrypts every sealed ballot, counts them, and writes the counted list (receipt,
 *   option) in receipt order, random and so independent of the order of casting, in the close
 *   transaction; it erases the sealed ballots and the wrapped key there with secure_delete on,
 *   and after the commit a WAL checkpoint (TRUNCATE) drops the frames that held them. The key
 *   leaves memory. The server also checkpoints with TRUNCATE when it starts, for a close that a
 *   crash interrupted before its checkpoint.
 * - A crash during a vote loses no ballot: each sealed ballot commits with its turnout row; on
 *   restart the wrapped key is unwrapped again and voting goes on. A wrong or missing sealing
 *   key refuses casts and the close (`ballot_box_unavailable`) before anything is sealed under a
 *   wrong key; the vote stays open until the right key is back. The count stays exact: one
 *   sealed ballot per turnout row, both in the same commit.
 *
 * Why it holds. Without the sealing key, a copy taken during a vote holds the turnout and equal
 * length ciphertexts under keys it does not hold; one taken after the close holds the turnout
 * and the counted list in random receipt order, and page history that never held a choice or a
 * receipt in clear. Linking a voter to a choice then needs the sealing key or the voter's own
 * receipt. Whoever holds the sealing key and a copy taken during a vote can open that copy's
 * ballots: hence the key stays out of the data folder and out of its backups. Erasing the sealed
 * ballots and the wrapped key at the close keeps a later leak of the sealing key from opening
 * votes in copies taken after their close. Blocks the filesystem freed (a truncated WAL) are the
 * disk's business (an encrypted volume).
 *
 * On PostgreSQL (`ecabinet server --db`) the same design runs, with what that engine offers: it
 * has no secure_delete and no WAL truncation. A deleted row stays in its page (a dead tuple)
 * until VACUUM reclaims the space and later writes reuse it, and the WAL segments (and any WAL
 * archive or base backup) keep every inserted tuple until they are recycled. So after the close
 * the server runs VACUUM on the two tables (freed space, not zeroed), and the guarantee against a
 * copy of the database rests on the sealing key alone: the erased seals and wrapped key can
 * survive in WAL and backups, which a later leak of the sealing key would open. An operator
 * keeps the sealing key out of every database backup and WAL archive, and lets checkpoints
 * recycle the WAL (no long `wal_keep_size`) on a volume that is encrypted.
 *
 * Rejected: plaintext rows in separate tables or transactions (WAL frame and cell order link
 * them, as the audit showed); ballots held only in memory until the close (a crash loses them);
 * a ballot key derived from the sealing key instead of a wrapped random one (after a restart
 * with a wrong key, ballots would be sealed silently under a key nobody holds; unwrapping fails
 * loudly at the first cast).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import { AppError } from '../../shared/errors';
import { isPostgres } from '../db/dialect';
import type { Db } from '../db/open';
import { ballotKeySource, loadSealingKey, type BallotKeyOptions, type BallotKeySource } from './ballot-sealing-key';

export interface OpenedBallot {
  receipt: string;
  optionId: string;
}

const FORMAT = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BALLOT_KEY_BYTES = 32;
const SLOT_BYTES = 16;
const CHECKPOINT_ATTEMPTS = 20;
const CHECKPOINT_RETRY_MS = 250;
/** Every sealed ballot's plaintext: 2 length bytes, JSON [receipt, option], random fill. Fits any option id (64 characters, escaped). */
const SEALED_PLAINTEXT_BYTES = 512;

function gcmSeal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aad);
  const body = Buffer.concat([c.update(plaintext), c.final()]);
  return Buffer.concat([Buffer.of(FORMAT), iv, c.getAuthTag(), body]);
}

/** `null` when the key is wrong or the bytes were altered. */
function gcmOpen(key: Buffer, sealed: Uint8Array, aad: Buffer): Buffer | null {
  const b = Buffer.from(sealed);
  if (b.length < 1 + IV_BYTES + TAG_BYTES || b[0] !== FORMAT) return null;
  const d = createDecipheriv('aes-256-gcm', key, b.subarray(1, 1 + IV_BYTES));
  d.setAAD(aad);
  d.setAuthTag(b.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([d.update(b.subarray(1 + IV_BYTES + TAG_BYTES)), d.final()]);
  } catch {
    return null;
  }
}

const derive = (ballotKey: Buffer, purpose: string) => Buffer.from(hkdfSync('sha256', ballotKey, Buffer.alloc(0), `ecabinet/ballot/${purpose}`, 32));
const wrapAad = (voteId: string) => Buffer.from(`ecabinet/ballot-key/v1\0${voteId}`);
const sealAad = (voteId: string, slot: Uint8Array) => Buffer.concat([Buffer.from(`ecabinet/ballot/v1\0${voteId}\0`), slot]);

interface VoteKeys {
  wrapped: Buffer;
  seal: Buffer;
  slot: Buffer;
}

function pad(b: OpenedBallot): Buffer {
  const json = Buffer.from(JSON.stringify([b.receipt, b.optionId]), 'utf8');
  if (json.length + 2 > SEALED_PLAINTEXT_BYTES) throw new AppError('validation_failed', 'option id too long', { field: 'optionId' });
  const out = randomBytes(SEALED_PLAINTEXT_BYTES);
  out.writeUInt16BE(json.length, 0);
  json.copy(out, 2);
  return out;
}

function unpad(p: Buffer): OpenedBallot {
  const [receipt, optionId] = JSON.parse(p.subarray(2, 2 + p.readUInt16BE(0)).toString('utf8')) as [string, string];
  return { receipt, optionId };
}

const unavailable = (message: string) => new AppError('ballot_box_unavailable', message);

/** The secret ballots of one database: sealing, changing, opening at the close. */
export class BallotBox {
  /** Ballot keys of open votes, unwrapped (derived keys). */
  private readonly keys = new Map<string, VoteKeys>();
  private sealingKey: Buffer | null = null;
  private readonly scrubs = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly keyOptions: BallotKeyOptions,
    readonly source: BallotKeySource = ballotKeySource(keyOptions),
  ) {}

  /** The sealing key; with `create`, the development key file is made if it does not exist yet. */
  private async sealing(create: boolean): Promise<Buffer> {
    if (!this.sealingKey) {
      const key = await loadSealingKey(this.source, this.keyOptions, create);
      if (!key) throw unavailable('no ballot sealing key: this vote was sealed with a key this server does not have');
      this.sealingKey = key;
    }
    return this.sealingKey;
  }

  /** Checks the configured key at start-up (an explicit source must exist and be well formed). */
  async checkKey(): Promise<void> {
    if (this.source.kind !== 'dev-folder') await this.sealing(false);
  }

  /** A new secret vote: its ballot key, stored wrapped. */
  async prepare(trx: Db, voteId: string): Promise<void> {
    const sealing = await this.sealing(true);
    await trx.insertInto('ballot_keys').values({ vote_id: voteId, wrapped: gcmSeal(sealing, randomBytes(BALLOT_KEY_BYTES), wrapAad(voteId)) }).execute();
  }

  /**
   * The vote's keys, unwrapped once and kept in memory. The cache is used only for the wrapped
   * key now in the database, so a key that a rolled-back transaction created is never used.
   */
  private async keysFor(trx: Db, voteId: string): Promise<VoteKeys> {
    let row = await trx.selectFrom('ballot_keys').select('wrapped').where('vote_id', '=', voteId).executeTakeFirst();
    if (!row) {
      // A secret vote opened before ballots were sealed has no key yet: it gets one now.
      await this.prepare(trx, voteId);
      row = await trx.selectFrom('ballot_keys').select('wrapped').where('vote_id', '=', voteId).executeTakeFirstOrThrow();
    }
    const wrapped = Buffer.from(row.wrapped);
    const cached = this.keys.get(voteId);
    if (cached?.wrapped.equals(wrapped)) return cached;
    const ballotKey = gcmOpen(await this.sealing(false), wrapped, wrapAad(voteId));
    if (!ballotKey) throw unavailable('the ballot sealing key does not open this vote’s ballot key (wrong key?)');
    const keys = { wrapped, seal: derive(ballotKey, 'seal'), slot: derive(ballotKey, 'slot') };
    ballotKey.fill(0);
    this.keys.set(voteId, keys);
    return keys;
  }

  private static slotOf(keys: VoteKeys, receipt: string): Buffer {
    return createHmac('sha256', keys.slot).update(receipt).digest().subarray(0, SLOT_BYTES);
  }

  async seal(trx: Db, voteId: string, ballot: OpenedBallot): Promise<void> {
    const keys = await this.keysFor(trx, voteId);
    const slot = BallotBox.slotOf(keys, ballot.receipt);
    await trx.insertInto('sealed_ballots').values({ vote_id: voteId, slot, sealed: gcmSeal(keys.seal, pad(ballot), sealAad(voteId, slot)) }).execute();
  }

  /** Seals the ballot with this receipt again with a new option; false when no sealed ballot has that receipt. */
  async replace(trx: Db, voteId: string, ballot: OpenedBallot): Promise<boolean> {
    const keys = await this.keysFor(trx, voteId);
    const slot = BallotBox.slotOf(keys, ballot.receipt);
    const row = await trx.selectFrom('sealed_ballots').select('sealed').where('vote_id', '=', voteId).where('slot', '=', slot).executeTakeFirst();
    const old = row && gcmOpen(keys.seal, row.sealed, sealAad(voteId, slot));
    if (!old || unpad(old).receipt !== ballot.receipt) return false;
    await trx
      .updateTable('sealed_ballots')
      .set({ sealed: gcmSeal(keys.seal, pad(ballot), sealAad(voteId, slot)) })
      .where('vote_id', '=', voteId)
      .where('slot', '=', slot)
      .execute();
    return true;
  }

  /**
   * The close: every sealed ballot opened, in receipt order; the sealed ballots and the wrapped
   * key erased in this transaction. After the commit the WAL is checkpointed and truncated.
   */
  async openAtClose(trx: Db, voteId: string): Promise<OpenedBallot[]> {
    const rows = await trx.selectFrom('sealed_ballots').select(['slot', 'sealed']).where('vote_id', '=', voteId).execute();
    const opened: OpenedBallot[] = [];
    // No ballot, nothing to open: the vote closes even without the sealing key.
    if (rows.length) {
      const keys = await this.keysFor(trx, voteId);
      for (const r of rows) {
        const plain = gcmOpen(keys.seal, r.sealed, sealAad(voteId, r.slot));
        const ballot = plain && unpad(plain);
        // A seal that does not open, or sits in another receipt's slot, was tampered with: no count.
        if (!ballot || !timingSafeEqual(BallotBox.slotOf(keys, ballot.receipt), Buffer.from(r.slot))) throw new AppError('internal', 'a sealed ballot does not open');
        opened.push(ballot);
      }
    }
    if (!isPostgres(trx)) await sql`PRAGMA secure_delete = ON`.execute(trx);
    await trx.deleteFrom('sealed_ballots').where('vote_id', '=', voteId).execute();
    await trx.deleteFrom('ballot_keys').where('vote_id', '=', voteId).execute();
    this.afterCommit(voteId);
    return opened.sort((a, b) => (a.receipt < b.receipt ? -1 : a.receipt > b.receipt ? 1 : 0));
  }

  /**
   * Runs once the closing transaction has ended: a transaction waits for it (SQLite: the single
   * connection's lock; PostgreSQL: the writers' lock), then sees its commit or its rollback.
   * Forgets the key if the close committed, then checkpoints so the WAL no longer holds the
   * sealed ballots.
   */
  private afterCommit(voteId: string): void {
    this.track(
      (async () => {
        const still = await this.db
          .transaction()
          .execute((trx) => trx.selectFrom('ballot_keys').select('vote_id').where('vote_id', '=', voteId).executeTakeFirst());
        if (still) return; // rolled back: the vote is still open
        const keys = this.keys.get(voteId);
        keys?.seal.fill(0);
        keys?.slot.fill(0);
        this.keys.delete(voteId);
        await this.truncateWal();
      })(),
    );
  }

  /**
   * Checkpoints and truncates the WAL (PostgreSQL: vacuums the two ballot tables). Another
   * connection reading an older snapshot (a backup, `ecabinet user add`) can keep old frames in
   * place: then try again a little later.
   */
  private async truncateWal(): Promise<void> {
    if (isPostgres(this.db)) {
      // No WAL to truncate from here: reclaim the erased rows' space (see the header).
      if (!this.closed) await sql`VACUUM sealed_ballots, ballot_keys`.execute(this.db);
      return;
    }
    for (let attempt = 0; !this.closed; attempt++) {
      const { rows } = await sql<{ busy: number; log: number; checkpointed: number }>`PRAGMA wal_checkpoint(TRUNCATE)`.execute(this.db);
      const r = rows[0];
      if (!r || (r.busy === 0 && r.log <= 0)) return;
      if (attempt >= CHECKPOINT_ATTEMPTS) return; // the next close or start truncates it
      await new Promise((resolve) => setTimeout(resolve, CHECKPOINT_RETRY_MS).unref());
    }
  }

  /** In the background: a close a crash interrupted may have left seals in the WAL's old frames. */
  truncateWalSoon(): void {
    this.track(this.truncateWal());
  }

  private track(p: Promise<void>): void {
    const run = p.catch(() => {
      // The erased rows are zeroed in their pages already; the next close or start truncates the WAL.
    });
    this.scrubs.add(run);
    void run.finally(() => this.scrubs.delete(run));
  }

  /** Stops retrying and waits for pending checkpoints (shutdown, tests). */
  async close(): Promise<void> {
    this.closed = true;
    while (this.scrubs.size) await Promise.all([...this.scrubs]);
  }
}

// ---- one box per database file --------------------------------------------------------------

const boxes = new Map<string, BallotBox>();

async function fileOf(db: Db): Promise<string> {
  if (isPostgres(db)) {
    const { rows } = await sql<{ name: string }>`SELECT 'postgres:' || current_setting('port') || '/' || current_database() AS name`.execute(db);
    return rows[0]?.name ?? '';
  }
  const { rows } = await sql<{ name: string; file: string }>`PRAGMA database_list`.execute(db);
  return rows.find((r) => r.name === 'main')?.file ?? '';
}

/**
 * Gives the server's database its ballot box: secure delete on, a checkpoint that truncates the
 * WAL (a close a crash interrupted), and an explicitly configured key checked now.
 */
export async function installBallotBox(db: Db, keyOptions: BallotKeyOptions): Promise<{ box: BallotBox; uninstall(): Promise<void> }> {
  const box = new BallotBox(db, keyOptions);
  await box.checkKey();
  if (!isPostgres(db)) await sql`PRAGMA secure_delete = ON`.execute(db);
  box.truncateWalSoon();
  const file = await fileOf(db);
  boxes.set(file, box);
  return {
    box,
    async uninstall() {
      await box.close();
      if (boxes.get(file) === box) boxes.delete(file);
    },
  };
}

/** The ballot box of the database this transaction runs on. */
export async function ballotBoxOf(trx: Db): Promise<BallotBox> {
  const box = boxes.get(await fileOf(trx));
  if (!box) throw unavailable('this database has no ballot box (the server was started without one)');
  return box;
}
