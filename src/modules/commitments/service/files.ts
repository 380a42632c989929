import type { AppContext } from '../../../platform/context';
import type { Principal } from '../../../platform/access/principal';
import type { FileAccessCheck } from '../../../platform/files/files';
import { canRead } from '../policy';
import { loadCommitment, refOf } from './common';

/**
 * Who may read a non-public evidence file of a commitment's event or finding: whoever may read the commitment.
 * (Evidence is stored public; this answers for files an administrator made private.)
 */
export function commitmentFileAccess(table: 'commitment_events' | 'commitment_findings'): FileAccessCheck {
  return async (ctx: AppContext, principal: Principal | null, _fileId: string, entityId: string) => {
    const id = Number(entityId);
    if (!Number.isInteger(id) || id <= 0) return false;
    const owner = await ctx.db.selectFrom(table).select('commitment_id').where('id', '=', id).executeTakeFirst();
    if (!owner) return false;
    return canRead(principal, refOf(await loadCommitment(ctx.db, ctx, owner.commitment_id)));
  };
}
