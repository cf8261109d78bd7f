/**
 * The organisation each account's organisation-wide screens act on (accounts, audit log,
 * decision rules, retention, tasks), in <dataDir>/active-organisation.json, per server and
 * account: kept across restarts and sign-ins. Ids only, nothing confidential. The API client
 * names it in the `x-ecabinet-org` header of the organisation-scoped calls (api-client.ts).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const Stored = z.record(z.string(), z.string());

export class ActiveOrganisationFile {
  private readonly file: string;
  private state: Record<string, string>;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'active-organisation.json');
    try {
      this.state = Stored.parse(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch {
      this.state = {}; // missing or unreadable: every account starts in its home organisation
    }
  }

  private static key(serverUrl: string, userId: string): string {
    return `${serverUrl} ${userId}`;
  }

  get(serverUrl: string, userId: string): string | null {
    return this.state[ActiveOrganisationFile.key(serverUrl, userId)] ?? null;
  }

  set(serverUrl: string, userId: string, orgId: string): void {
    this.state = { ...this.state, [ActiveOrganisationFile.key(serverUrl, userId)]: orgId };
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
