import type { Role } from '../../../platform/access/principal';
import type { Executor } from '../../../platform/db/types';
import { usersWithRole } from '../../accounts/service';
import { followers, notify } from '../../notifications/service';
import type { Petition } from '../model';
import { petitionPath } from './common';

export const ENTITY = 'petition';

/** Users holding any of the roles at the agency. */
export async function agencyStaff(db: Executor, agencyId: number, roles: Role[]): Promise<number[]> {
  const out = new Set<number>();
  for (const role of roles) for (const id of await usersWithRole(db, { role, agencyId })) out.add(id);
  return [...out];
}

/**
 * Notifies about a petition event: `event` names the message keys petitions.notify.<event>.title/.body.
 * The actor is never notified of their own action.
 */
export async function notifyPetition(
  tx: Executor,
  p: Pick<Petition, 'id' | 'code' | 'title' | 'status' | 'track'>,
  event: string,
  recipients: number[],
  opts: { actorId?: number | null; params?: Record<string, string | number>; at: Date },
): Promise<void> {
  const ids = [...new Set(recipients)].filter((id) => id !== opts.actorId);
  if (!ids.length) return;
  await notify(tx, {
    recipients: ids,
    event: `petition.${event}`,
    titleKey: `petitions.notify.${event}.title`,
    bodyKey: `petitions.notify.${event}.body`,
    params: { code: p.code, title: p.title, statusKey: `petitions.status.${p.status}`, ...(opts.params ?? {}) },
    link: petitionPath(p.code),
    entity: { type: ENTITY, id: p.id },
    at: opts.at,
  });
}

export async function petitionFollowers(tx: Executor, id: number): Promise<number[]> {
  return followers(tx, ENTITY, id);
}
