import type { AppContext } from '../../../platform/context';
import type { Principal } from '../../../platform/access/principal';
import { relationOf } from '../policy';
import { findRow } from './common';
import { refOf } from './transitions';

/**
 * Who may read a file attached to a petition (GET /tep/:id): whoever may see the petition; a file of an
 * answer only once that answer is published, except for officials.
 */
export async function petitionFileAccess(ctx: AppContext, principal: Principal | null, fileId: string, entityId: string): Promise<boolean> {
  const row = await findRow(ctx.db, Number(entityId));
  if (!row) return false;
  const relation = relationOf(principal, await refOf(ctx.db, row));
  if (!relation) return false;
  if (relation === 'official') return true;
  const att = await ctx.db
    .selectFrom('petition_attachments as pa')
    .leftJoin('petition_answers as an', 'an.id', 'pa.answer_id')
    .select(['pa.answer_id', 'an.status'])
    .where('pa.petition_id', '=', row.id)
    .where('pa.file_id', '=', fileId)
    .executeTakeFirst();
  if (!att) return false;
  return att.answer_id === null || att.status === 'published';
}
