import type { AppContext } from '../../../platform/context';
import type { Principal } from '../../../platform/access/principal';
import { forbidden } from '../../../platform/http/errors';
import { getUsers } from '../../accounts/service';
import { actsFor } from '../policy';
import { agencyStaff } from './notify';

/** Officers and heads of an agency, for the assign form (only for officials of that agency). */
export async function assignableOfficers(ctx: AppContext, principal: Principal | null, agencyId: number): Promise<Array<{ id: number; name: string }>> {
  if (!actsFor(principal, agencyId)) throw forbidden();
  const ids = await agencyStaff(ctx.db, agencyId, ['officer', 'head']);
  const users = await getUsers(ctx.db, ids);
  return ids.flatMap((id) => (users.has(id) ? [{ id, name: users.get(id)!.name }] : [])).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}
