// An administrator creates an official (with a password or an invitation by e-mail) and edits any account.
import type { AppContext } from '../../../platform/context';
import { audit } from '../../../platform/audit/audit';
import { actorOf, type Principal } from '../../../platform/access/principal';
import { getSetting } from '../../../platform/settings/settings';
import { ValidationError, notFound } from '../../../platform/http/errors';
import { translate, type Locale } from '../../../platform/i18n/i18n';
import type { User } from '../model';
import { hashPassword } from '../password';
import type { OfficialInput, UserEditInput } from '../schema';
import { checkCommune, checkUnique, insertUnique, requireAdminActor } from './checks';
import { resetLink, sendLater } from './mail';
import { createResetToken } from './reset';
import { insertUser } from './rows';
import { newSecret } from './secrets';
import type { RequestMeta } from './session';
import { getUser, publicFields } from './users';
import { forgetSessions } from './principal';

/** An administrator creates an official, with an initial password or a link (by e-mail) to set one. */
export async function createOfficial(
  ctx: AppContext,
  principal: Principal,
  input: OfficialInput,
  meta: RequestMeta & { locale?: Locale } = {},
): Promise<User> {
  requireAdminActor(principal);
  await checkUnique(ctx.db, input.email, input.phone);
  const hash = await hashPassword(input.password ?? newSecret(24));
  const now = ctx.clock.now();
  const hours = input.sendReset ? await getSetting<number>(ctx.db, 'accounts.inviteHours') : 0;
  const { user, token } = await insertUnique(() =>
    ctx.db.transaction().execute(async (tx) => {
      const id = await insertUser(tx, {
        email: input.email ?? null,
        phone: input.phone ?? null,
        passwordHash: hash,
        name: input.name,
        kind: 'official',
        unitCode: null,
        address: null,
        createdAt: now,
        lastLoginAt: null,
      });
      const user = (await getUser(tx, id))!;
      const token = input.sendReset ? await createResetToken(tx, id, now, hours * 60) : null;
      await audit(tx, {
        actor: actorOf(principal),
        action: 'account.create',
        entityType: 'user',
        entityId: id,
        after: { ...publicFields(user), invited: input.sendReset },
        ip: meta.ip ?? null,
        at: now,
      });
      return { user, token };
    }),
  );
  if (token && user.email) sendInvitation(ctx, user, token, hours, meta.locale ?? 'vi');
  return user;
}

/** The link an invited official sets their password with, valid for `accounts.inviteHours`. */
function sendInvitation(ctx: AppContext, user: User, token: string, hours: number, locale: Locale): void {
  sendLater(ctx, {
    to: user.email!,
    subject: translate(locale, 'accounts.mail.inviteSubject'),
    text: translate(locale, 'accounts.mail.inviteBody', { name: user.name, link: resetLink(ctx, token), hours }),
  });
}

export async function updateUser(ctx: AppContext, principal: Principal, id: number, input: UserEditInput, meta: RequestMeta = {}): Promise<User> {
  requireAdminActor(principal);
  const before = await getUser(ctx.db, id);
  if (!before) throw notFound();
  await checkCommune(ctx.db, input.unitCode);
  await checkUnique(ctx.db, input.email, input.phone, id);
  if (input.kind === 'citizen') {
    const roles = await ctx.db.selectFrom('role_assignments').select('id').where('user_id', '=', id).executeTakeFirst();
    if (roles) throw new ValidationError({ kind: 'accounts.error.citizenWithRoles' });
  }
  return insertUnique(() =>
    ctx.db.transaction().execute(async (tx) => {
    await forgetSessions(tx);
      await tx
        .updateTable('users')
        .set({
          full_name: input.name,
          email: input.email ?? null,
          phone: input.phone ?? null,
          kind: input.kind,
          unit_code: input.unitCode ?? null,
          address: input.address ?? null,
        })
        .where('id', '=', id)
        .execute();
      const after = (await getUser(tx, id))!;
      await audit(tx, {
        actor: actorOf(principal),
        action: 'account.update',
        entityType: 'user',
        entityId: id,
        before: publicFields(before),
        after: publicFields(after),
        ip: meta.ip ?? null,
        at: ctx.clock.now(),
      });
      return after;
    }),
  );
}
