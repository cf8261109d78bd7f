/** notice.markRead (the notice's addressee): marks an invitation or other notice as read. */
import { AppError } from '../../shared/errors';
import { scopeOf } from '../sync/access';
import { audit } from './lookups';
import type { MutationArgs, MutationCtx } from './types';

export async function markNoticeRead(ctx: MutationCtx, a: MutationArgs<'notice.markRead'>): Promise<void> {
  const n = await ctx.trx.selectFrom('notices').selectAll().where('id', '=', a.id).executeTakeFirst();
  if (!n || n.user_id !== ctx.user.id) throw new AppError('not_found', 'notice not found');
  if (n.read_at) return;
  await ctx.trx.updateTable('notices').set({ read_at: ctx.now }).where('id', '=', a.id).execute();
  await ctx.rec.log('notice', a.id, 'upsert', scopeOf.user(ctx.user.id));
  await audit(ctx, 'notice.markRead', 'notice', a.id, { readAt: null }, { readAt: ctx.now });
}
