/**
 * What this device already announced, per account, in <dataDir>/notifications.json (with the
 * user's answer and language): keys only ("vote:<id>"), never titles, so nothing confidential
 * lies outside the encrypted cache. Kept across restarts and re-syncs so nothing is announced
 * twice; an account's first sync only records what is already there (no burst of old news).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { NotificationChoice } from '../../../shared/notifications-bridge';

/** Keys kept per account: old ones go first; a thing this old is never pending again. */
const KEEP_PER_ACCOUNT = 5000;

const Stored = z.object({
  choice: NotificationChoice.default('unasked'),
  locale: z.enum(['vi', 'en']).default('vi'),
  announced: z.record(z.string(), z.array(z.string())).default({}),
});
type Stored = z.infer<typeof Stored>;

export class NotificationStore {
  private readonly file: string;
  private state: Stored;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'notifications.json');
    this.state = this.read();
  }

  private read(): Stored {
    try {
      return Stored.parse(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch {
      return Stored.parse({}); // missing or unreadable: ask again, announce from the next sync on
    }
  }

  private write(): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state), { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  get choice(): NotificationChoice {
    return this.state.choice;
  }

  get locale(): 'vi' | 'en' {
    return this.state.locale;
  }

  configure(patch: { choice?: 'on' | 'off'; locale?: 'vi' | 'en' }): void {
    this.state = { ...this.state, ...patch };
    this.write();
  }

  /** Whether this account's first sync on this device was recorded. */
  knows(userId: string): boolean {
    return userId in this.state.announced;
  }

  /** Records `keys` for the account; answers those not recorded before. */
  record(userId: string, keys: readonly string[]): string[] {
    const known = this.state.announced[userId] ?? [];
    const seen = new Set(known);
    const fresh = [...new Set(keys)].filter((k) => !seen.has(k));
    if (fresh.length === 0 && userId in this.state.announced) return [];
    this.state.announced[userId] = [...known, ...fresh].slice(-KEEP_PER_ACCOUNT);
    this.write();
    return fresh;
  }
}
