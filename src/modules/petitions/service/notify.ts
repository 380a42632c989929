import type { Role } from '../../../platform/access/principal';
import type { Executor } from '../../../platform/db/types';
import { usersWithRole } from '../../accounts/service';
import { followers, notify } from '../../notifications/service';
import type { NotifyInput } from '../../notifications/model';
import type { Petition } from '../model';
import { petitionPath } from './common';

export const ENTITY = 'petition';

/** Users holding any of the roles at the agency. */
export async function agencyStaff(db: Executor, agencyId: number, roles: Role[]): Promise<number[]> {
  return usersWithRole(db, { role: roles, agencyId });
}

type NoticeOptions = { actorId?: number | null; params?: Record<string, string | number>; at: Date };

/**
 * The notice of a petition event: `event` names the message keys petitions.notify.<event>.title/.body.
 * The actor is never notified of their own action; null when nobody is left to tell.
 */
export function petitionNotice(p: Pick<Petition, 'id' | 'code' | 'title' | 'status' | 'track'>, event: string, recipients: number[], opts: NoticeOptions): NotifyInput & { at: Date } | null {
  const ids = [...new Set(recipients)].filter((id) => id !== opts.actorId);
  if (!ids.length) return null;
  return {
    recipients: ids,
    event: `petition.${event}`,
    titleKey: `petitions.notify.${event}.title`,
    bodyKey: `petitions.notify.${event}.body`,
    params: { code: p.code, title: p.title, statusKey: `petitions.status.${p.status}`, ...(opts.params ?? {}) },
    link: petitionPath(p.code),
    entity: { type: ENTITY, id: p.id },
    at: opts.at,
  };
}

/** Notifies about a petition event (see petitionNotice). */
export async function notifyPetition(tx: Executor, p: Pick<Petition, 'id' | 'code' | 'title' | 'status' | 'track'>, event: string, recipients: number[], opts: NoticeOptions): Promise<void> {
  const notice = petitionNotice(p, event, recipients, opts);
  if (notice) await notify(tx, notice);
}

export async function petitionFollowers(tx: Executor, id: number): Promise<number[]> {
  return followers(tx, ENTITY, id);
}
