/**
 * Signing settings of this device, in <dataDir>/signing-settings.json (per installation, like
 * the trust roots; never synced: each office has its own timestamp authority and tokens):
 * the timestamp authority URL (B-T), "embed revocation data" (B-LT when the data can be had),
 * and the PKCS#11 libraries the user confirmed as token drivers.
 */
import { readFileSync } from 'node:fs';
import { DeviceSigningSettings } from '../../../shared/signing-bridge';
import { writeFileAtomic } from '../../../signing/atomic-write';
import { z } from 'zod';
import { lazySchema } from '../../../shared/lazy-schema';

const Stored = lazySchema(() => DeviceSigningSettings.extend({ confirmedModules: z.array(z.string()).default([]) }));
type Stored = z.infer<typeof Stored>;

const DEFAULTS: Stored = { tsaUrl: null, embedRevocation: false, confirmedModules: [] };

export class DeviceSettingsFile {
  constructor(private readonly file: string) {}

  get(): Stored {
    try {
      return Stored.parse(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch {
      return { ...DEFAULTS }; // missing or unreadable: the defaults (B-B), never a crash
    }
  }

  async save(patch: Partial<Stored>): Promise<Stored> {
    const next = Stored.parse({ ...this.get(), ...patch });
    await writeFileAtomic(this.file, Buffer.from(JSON.stringify(next, null, 2)));
    return next;
  }

  /** The PAdES level and options a signature made now uses. */
  levelOptions(): { level: 'B-B' | 'B-T' | 'B-LT'; tsaUrl?: string } {
    const s = this.get();
    if (!s.tsaUrl) return { level: 'B-B' };
    return { level: s.embedRevocation ? 'B-LT' : 'B-T', tsaUrl: s.tsaUrl };
  }
}
