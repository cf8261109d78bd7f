/** The signed-in session, persisted in the cache with its tokens protected at rest. */
import { Organization, UserProfile } from '../../../shared/entities';
import type { CacheDb } from '../cache/open-cache';
import type { SecretProtector } from './secret-protector';

export interface StoredSession {
  serverUrl: string;
  user: UserProfile;
  organization: Organization;
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: string;
}

export class SessionStore {
  constructor(
    private readonly db: CacheDb,
    private readonly protector: SecretProtector,
  ) {}

  async save(s: StoredSession): Promise<void> {
    const access = await this.protector.protect(s.accessToken);
    const refresh = await this.protector.protect(s.refreshToken);
    this.db
      .prepare(
        `INSERT OR REPLACE INTO session (id, server_url, user_json, org_json, access_token, refresh_token, access_expires_at)
         VALUES (1, ?, ?, ?, ?, ?, ?)`,
      )
      .run(s.serverUrl, JSON.stringify(s.user), JSON.stringify(s.organization), access, refresh, s.accessExpiresAt);
  }

  /** The stored session, or null if none (or it can no longer be decrypted: then it is dropped). */
  async load(): Promise<StoredSession | null> {
    const row = this.db.prepare('SELECT * FROM session WHERE id = 1').get() as
      | {
          server_url: string;
          user_json: string;
          org_json: string;
          access_token: string;
          refresh_token: string;
          access_expires_at: string;
        }
      | undefined;
    if (!row) return null;
    try {
      return {
        serverUrl: row.server_url,
        user: UserProfile.parse(JSON.parse(row.user_json)),
        organization: Organization.parse(JSON.parse(row.org_json)),
        accessToken: await this.protector.unprotect(row.access_token),
        refreshToken: await this.protector.unprotect(row.refresh_token),
        accessExpiresAt: row.access_expires_at,
      };
    } catch {
      this.clear();
      return null;
    }
  }

  clear(): void {
    this.db.prepare('DELETE FROM session').run();
  }
}
