/**
 * Signing settings of the organisation (issue 5 part 3): its red seal (a transparent PNG kept
 * as a blob, used by the clerk's organisation signature) and how strictly a signing
 * certificate must name the signer. One row per organisation, synced to the org scope.
 */
import { Buffer } from 'node:buffer';
import { AppError } from '../../shared/errors';
import { isSecretariat } from '../../shared/rules/meetings';
import { MAX_SEAL_PNG_BYTES, OrgSigningSettings } from '../../shared/signing-workflow';
import type { MutationArgs } from '../../shared/mutators';
import { registerBlob } from '../blobs/store';
import type { Db } from '../db/open';
import { scopeOf } from '../sync/access';
import { recordAudit } from '../audit/record-audit';
import type { MutationCtx } from '../sync/mutation-context';

/** What the update needs of the mutation context (a subset of SigningCtx in mutations.ts, which imports this file). */
type SettingsCtx = MutationCtx;

type UpdateArgs = MutationArgs<'orgSigningSettings.update'>;

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

export async function updateOrgSigningSettings(ctx: SettingsCtx, a: UpdateArgs): Promise<void> {
  if (!isSecretariat(ctx.viewer.role)) throw new AppError('forbidden', "only the secretariat sets the organisation's seal");
  const orgId = ctx.viewer.orgId;
  const before = await loadOrgSigningSettings(ctx.trx, orgId);
  let seal = { sha256: before.sealSha256, size: before.sealSize };
  if (a.sealPngBase64 === null) seal = { sha256: null, size: null };
  else if (a.sealPngBase64 !== undefined) {
    const png = new Uint8Array(Buffer.from(a.sealPngBase64, 'base64'));
    const problem = checkSealPng(png);
    if (problem) throw new AppError('validation_failed', problem, { field: 'sealPngBase64' });
    if (!ctx.blobs) throw new AppError('internal', 'no blob store');
    const stored = await ctx.blobs.putBytes(png);
    await registerBlob(ctx.trx, stored.sha256, stored.size, new Date(ctx.now));
    seal = { sha256: stored.sha256, size: stored.size };
  }
  const row = {
    seal_sha256: seal.sha256,
    seal_size: seal.size,
    name_check: a.nameCheck ?? before.nameCheck,
    updated_by: ctx.user.id,
    updated_at: ctx.now,
  };
  const exists = await ctx.trx.selectFrom('org_signing_settings').select('revision').where('org_id', '=', orgId).executeTakeFirst();
  if (exists) await ctx.trx.updateTable('org_signing_settings').set({ ...row, revision: exists.revision + 1 }).where('org_id', '=', orgId).execute();
  else await ctx.trx.insertInto('org_signing_settings').values({ org_id: orgId, ...row, revision: 1 }).execute();
  await ctx.rec.log('orgSigningSettings', orgId, 'upsert', scopeOf.org(orgId));
  await recordAudit(ctx.trx, {
    userId: ctx.user.id,
    action: 'orgSigningSettings.update',
    entity: 'orgSigningSettings',
    entityId: orgId,
    before,
    after: await loadOrgSigningSettings(ctx.trx, orgId),
    at: ctx.now,
  });
}

/** Snapshot / current rows: every user of the organisation sees its settings (not the seal bytes). */

