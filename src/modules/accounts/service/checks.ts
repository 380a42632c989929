// What a new or edited account is checked against: a commune that exists, an e-mail and a phone number nobody else
// has; who may administer accounts.
import type { Executor } from '../../../platform/db/types';
import type { Principal } from '../../../platform/access/principal';
import { ValidationError, forbidden } from '../../../platform/http/errors';
import { getUnit } from '../../directory/service';

export async function checkCommune(db: Executor, code: string | undefined, field = 'unitCode'): Promise<void> {
  if (!code) return;
  const unit = await getUnit(db, code);
  if (!unit || unit.level !== 'commune') throw new ValidationError({ [field]: 'accounts.error.commune' });
}

export async function checkUnique(db: Executor, email: string | undefined | null, phone: string | undefined | null, exceptId?: number) {
  const errors: Record<string, string> = {};
  if (email) {
    let q = db.selectFrom('users').select('id').where('email', '=', email);
    if (exceptId) q = q.where('id', '<>', exceptId);
    if (await q.executeTakeFirst()) errors.email = 'accounts.error.emailTaken';
  }
  if (phone) {
    let q = db.selectFrom('users').select('id').where('phone', '=', phone);
    if (exceptId) q = q.where('id', '<>', exceptId);
    if (await q.executeTakeFirst()) errors.phone = 'accounts.error.phoneTaken';
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

/** A concurrent insert won the race for an e-mail or phone number: the same message as the check. */
function uniqueViolation(e: unknown): ValidationError | null {
  const err = e as { code?: string; constraint?: string; message?: string; detail?: string };
  if (err?.code !== '23505') return null;
  const text = `${err.constraint ?? ''} ${err.message ?? ''} ${err.detail ?? ''}`;
  if (text.includes('phone')) return new ValidationError({ phone: 'accounts.error.phoneTaken' });
  if (text.includes('email')) return new ValidationError({ email: 'accounts.error.emailTaken' });
  return null;
}

/** Runs a write that may break the uniqueness of an e-mail or phone number, answering as `checkUnique` does. */
export async function insertUnique<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw uniqueViolation(e) ?? e;
  }
}

/** Administration's use cases are for system administrators only. */
export function requireAdminActor(principal: Principal): void {
  if (!principal.roles.some((g) => g.role === 'admin')) throw forbidden();
}
