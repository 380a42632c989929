import type { Role } from '../../../platform/access/principal';
import type { Executor } from '../../../platform/db/types';
import { usersWithRole } from '../../accounts/service';
import { followers, notify } from '../../notifications/service';
import type { Commitment } from '../model';

export const ENTITY = 'commitment';

export const commitmentPath = (c: Pick<Commitment, 'code'>) => `/cam-ket/${c.code}`;

export async function agencyStaff(db: Executor, agencyId: number, roles: Role[]): Promise<number[]> {
  return usersWithRole(db, { role: roles, agencyId });
}

/**
 * Tells about a commitment event: the message keys commitments.notify.<event>.title/.body. By default the
 * citizens it answers and its followers; never the actor of their own action.
 */
export async function notifyCommitment(
  tx: Executor,
  c: Pick<Commitment, 'id' | 'code' | 'text' | 'state' | 'deadline' | 'citizenIds'>,
  event: string,
  opts: { at: Date; actorId?: number | null; recipients?: number[]; params?: Record<string, string | number> },
): Promise<void> {
  const base = opts.recipients ?? [...c.citizenIds, ...(await followers(tx, ENTITY, c.id))];
  const ids = [...new Set(base)].filter((id) => id !== opts.actorId);
  if (!ids.length) return;
  const short = c.text.length > 120 ? `${c.text.slice(0, 117)}…` : c.text;
  await notify(tx, {
    recipients: ids,
    event: `commitment.${event}`,
    titleKey: `commitments.notify.${event}.title`,
    bodyKey: `commitments.notify.${event}.body`,
    params: { code: c.code, text: short, stateKey: `commitments.state.${c.state}`, due: c.deadline.split('-').reverse().join('/'), ...(opts.params ?? {}) },
    link: commitmentPath(c),
    entity: { type: ENTITY, id: c.id },
    at: opts.at,
  });
}
