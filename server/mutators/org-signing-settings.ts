/** orgSigningSettings.update (secretariat): the organisation's red seal and how strictly a certificate must name its signer. */
import { Buffer } from 'node:buffer';
import { AppError } from '../../shared/errors';
import { registerBlob } from '../blobs/store';
import { recordAudit } from '../audit/record-audit';
import { checkSealPng, loadOrgSigningSettings } from '../signing-workflow/org-settings';
import { scopeOf } from '../sync/access';
import type { MutationArgs, MutationCtx } from './types';

export async function updateOrgSigningSettings(ctx: MutationCtx, a: MutationArgs<'orgSigningSettings.update'>): Promise<void> {
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
    await registerBlob(ctx.trx, stored.sha256, stored.size, new Date(ctx.now), ctx.viewer.orgId);
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
