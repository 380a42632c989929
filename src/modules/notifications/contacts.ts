import type { Executor } from '../../platform/db/types';
import { getUsers } from '../accounts/service';

export interface Contact {
  id: number;
  email: string | null;
  phone: string | null;
}

/** The e-mail address and phone number of the active users among `ids` (through the accounts service). */
export async function recipientContacts(db: Executor, ids: number[]): Promise<Contact[]> {
  if (ids.length === 0) return [];
  const users = await getUsers(db, ids);
  return [...users.values()]
    .filter((u) => u.status === 'active')
    .map((u) => ({ id: Number(u.id), email: u.email, phone: u.phone }))
    .sort((a, b) => a.id - b.id);
}
