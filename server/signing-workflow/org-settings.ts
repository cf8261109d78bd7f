/**
 * Signing settings of the organisation: its red seal (a transparent PNG kept
 * as a blob, used by the clerk's organisation signature) and how strictly a signing
 * certificate must name the signer. One row per organisation, synced to the org scope; the
 * secretariat changes it with orgSigningSettings.update (server/mutators/org-signing-settings.ts).
 */
import { Buffer } from 'node:buffer';
import { MAX_SEAL_PNG_BYTES, OrgSigningSettings } from '../../shared/signing-workflow';
import type { Db } from '../db/open';

/** The organisation's settings; the defaults (no seal, warn) when never set. */
export async function loadOrgSigningSettings(db: Db, orgId: string): Promise<OrgSigningSettings> {
  const r = await db.selectFrom('org_signing_settings').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  if (!r) return { id: orgId, sealSha256: null, sealSize: null, nameCheck: 'warn', revision: 1, updatedAt: new Date(0).toISOString() };
  return OrgSigningSettings.parse({ id: r.org_id, sealSha256: r.seal_sha256, sealSize: r.seal_size, nameCheck: r.name_check, revision: r.revision, updatedAt: r.updated_at });
}

/**
 * A seal must be a PNG with a transparent background (colour type with alpha, or a tRNS
 * chunk): it is printed over the signer's handwritten signature.
 */
export function checkSealPng(png: Uint8Array): string | null {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 33 || sig.some((b, i) => png[i] !== b)) return 'the seal must be a PNG image';
  if (png.length > MAX_SEAL_PNG_BYTES) return 'the seal image is too large';
  const colourType = png[25];
  if (colourType === 4 || colourType === 6) return null;
  if (Buffer.from(png).includes(Buffer.from('tRNS'))) return null;
  return 'the seal must have a transparent background';
}
