// The operators' CLI creates (or updates) a system administrator.
import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import { audit, type AuditActor } from '../../../platform/audit/audit';
import { clean } from '../../../platform/text/text';
import { listAgencies } from '../../directory/service';
import type { Agency } from '../../directory/model';
import { hashPassword } from '../password';
import { normalizeEmail } from '../schema';
import { insertRole, insertUser } from './rows';
import { forgetSessions } from './principal';

export class NoAgencyError extends Error {}

const CLI_ACTOR: AuditActor = { id: null, label: 'cli' };

/** The People's Committee of the first province (in the official order) that has one. */
async function provincialCommittee(db: Executor): Promise<Agency | undefined> {
  const committees = await listAgencies(db, { kind: 'peoples_committee', limit: 5000 });
  return committees.find((a) => a.unitLevel === 'province');
}

/** The CLI's input, cleaned; a message in Vietnamese for the operator when it cannot be used. */
function adminInput(input: { email: string; name: string; password: string }): { email: string; name: string } {
  const email = normalizeEmail(input.email);
  const name = clean(input.name).replace(/\s+/g, ' ');
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new Error(`E-mail không hợp lệ: ${input.email}`);
  if (name.length < 2) throw new Error('Họ tên quá ngắn.');
  if (input.password.length < 8 || /^\d+$/.test(input.password)) {
    throw new Error('Mật khẩu cần ít nhất 8 ký tự và không được chỉ gồm chữ số.');
  }
  return { email, name };
}

/**
 * Creates (or, for an existing e-mail, updates) a system administrator for the CLI: an official
 * with the given password and the admin role at the People's Committee of the first province that
 * has one. Without any such agency the account is still created or updated, and NoAgencyError says
 * that the role could not be given (load the directory, then run the command again).
 */
export async function createAdmin(
  ctx: AppContext,
  input: { email: string; name: string; password: string },
): Promise<{ userId: number; created: boolean; agency: { code: string; name: string } }> {
  const { email, name } = adminInput(input);
  const hash = await hashPassword(input.password);
  const agency = await provincialCommittee(ctx.db);
  const now = ctx.clock.now();
  const result = await ctx.db.transaction().execute(async (tx) => {
    await forgetSessions(tx);
    const { userId, created } = await upsertAdmin(tx, email, name, hash, now);
    if (agency) await grantAdmin(tx, userId, agency, now);
    return { userId, created };
  });
  if (!agency) {
    throw new NoAgencyError(
      `Đã ${result.created ? 'tạo' : 'cập nhật'} tài khoản ${email} nhưng CHƯA gán quyền quản trị: chưa có Ủy ban nhân dân cấp tỉnh nào trong danh bạ cơ quan. ` +
        'Hãy nạp danh bạ (seed-demo, hoặc tạo UBND tỉnh), rồi chạy lại create-admin với cùng e-mail.',
    );
  }
  return { ...result, agency: { code: agency.code, name: agency.name } };
}

/** The account of the e-mail, made an active official with the new password; created if there is none. */
async function upsertAdmin(tx: Executor, email: string, name: string, hash: string, now: Date): Promise<{ userId: number; created: boolean }> {
  const existing = await tx.selectFrom('users').select(['id']).where('email', '=', email).executeTakeFirst();
  if (existing) {
    const userId = existing.id;
    await tx
      .updateTable('users')
      .set({ full_name: name, password_hash: hash, kind: 'official', status: 'active', failed_logins: 0, locked_until: null })
      .where('id', '=', userId)
      .execute();
    await audit(tx, { actor: CLI_ACTOR, action: 'account.update', entityType: 'user', entityId: userId, after: { name, kind: 'official', status: 'active', passwordSet: true }, at: now });
    return { userId, created: false };
  }
  const userId = await insertUser(tx, {
    email,
    phone: null,
    passwordHash: hash,
    name,
    kind: 'official',
    unitCode: null,
    address: null,
    createdAt: now,
    lastLoginAt: null,
  });
  await audit(tx, { actor: CLI_ACTOR, action: 'account.create', entityType: 'user', entityId: userId, after: { email, name, kind: 'official' }, at: now });
  return { userId, created: true };
}

/** The admin role at the provincial committee, unless the account has it already. */
async function grantAdmin(tx: Executor, userId: number, agency: Agency, now: Date): Promise<void> {
  const id = await insertRole(tx, userId, 'admin', agency.id, now);
  if (id === null) return;
  await audit(tx, { actor: CLI_ACTOR, action: 'role.assign', entityType: 'user', entityId: userId, after: { assignmentId: id, role: 'admin', agencyId: agency.id, agencyCode: agency.code }, at: now });
}
