// A citizen registers (with an e-mail address the answer never tells whether it was already registered).
import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import { audit, SYSTEM_ACTOR } from '../../../platform/audit/audit';
import { ValidationError } from '../../../platform/http/errors';
import { translate, type Locale } from '../../../platform/i18n/i18n';
import { getUnit, homeProvinceCode } from '../../directory/service';
import type { User } from '../model';
import { hashPassword } from '../password';
import type { RegisterInput } from '../schema';
import { checkUnique, insertUnique } from './checks';
import { sendLater } from './mail';
import { insertUser } from './rows';
import { closePreviousSession, createSession, type RequestMeta } from './session';
import { getUser, publicFields } from './users';

type RegisterMeta = RequestMeta & { previousSession?: string | null; locale?: Locale };

/** The province whose communes citizens choose from when they register: the one the site serves. */
export async function registrationProvince(db: Executor): Promise<string> {
  return homeProvinceCode(db);
}

/**
 * A citizen registers. The commune must be one of the registration province's.
 * With an e-mail address the answer must not tell whether the address is already registered: either way a mail goes
 * to it (a welcome, or "someone tried to register with your address") and nobody is signed in ('mailed'); the
 * caller shows the same page. With a phone number only, the new citizen is signed in at once ('signedIn').
 */
export async function registerCitizen(
  ctx: AppContext,
  input: RegisterInput,
  meta: RegisterMeta = {},
): Promise<{ outcome: 'mailed' } | { outcome: 'signedIn'; user: User; token: string; maxAgeSeconds: number }> {
  await checkRegistrationCommune(ctx.db, input.unitCode);
  // The password is hashed on both paths, so the time taken does not tell either.
  const hash = await hashPassword(input.password);
  const locale = meta.locale ?? 'vi';
  const now = ctx.clock.now();
  const owner = input.email ? await ctx.db.selectFrom('users').select(['id', 'full_name']).where('email', '=', input.email).executeTakeFirst() : undefined;
  if (owner) return answerRegisteredAddress(ctx, owner, input, locale, now, meta);
  await checkUnique(ctx.db, input.email, input.phone);
  const created = await insertUnique(() => insertCitizen(ctx, input, hash, now, meta));
  if (created.session) return { outcome: 'signedIn', user: created.user, token: created.session.token, maxAgeSeconds: created.session.maxAgeSeconds };
  sendLater(ctx, {
    to: input.email!,
    subject: translate(locale, 'accounts.mail.welcomeSubject'),
    text: translate(locale, 'accounts.mail.welcomeBody', { name: created.user.name, login: `${ctx.config.publicUrl}/dang-nhap` }),
  });
  return { outcome: 'mailed' };
}

async function checkRegistrationCommune(db: Executor, unitCode: string): Promise<void> {
  const province = await registrationProvince(db);
  const unit = await getUnit(db, unitCode);
  if (!unit || unit.level !== 'commune' || unit.provinceCode !== province) {
    throw new ValidationError({ unitCode: 'accounts.error.commune' });
  }
}

/** The e-mail address is already registered: its owner is told by mail, the caller sees what a new citizen would. */
async function answerRegisteredAddress(
  ctx: AppContext,
  owner: { id: number; full_name: string },
  input: RegisterInput,
  locale: Locale,
  now: Date,
  meta: RegisterMeta,
): Promise<{ outcome: 'mailed' }> {
  await checkUnique(ctx.db, null, input.phone);
  await ctx.db.transaction().execute((tx) =>
    audit(tx, { actor: SYSTEM_ACTOR, action: 'account.registerAttempt', entityType: 'user', entityId: owner.id, ip: meta.ip ?? null, at: now }),
  );
  sendLater(ctx, {
    to: input.email!,
    subject: translate(locale, 'accounts.mail.registerAgainSubject'),
    text: translate(locale, 'accounts.mail.registerAgainBody', { name: owner.full_name, login: `${ctx.config.publicUrl}/dang-nhap`, reset: `${ctx.config.publicUrl}/quen-mat-khau` }),
  });
  return { outcome: 'mailed' };
}

/** The new citizen's row; signed in at once only without an e-mail address. */
async function insertCitizen(ctx: AppContext, input: RegisterInput, hash: string, now: Date, meta: RegisterMeta) {
  return ctx.db.transaction().execute(async (tx) => {
    const id = await insertUser(tx, {
      email: input.email ?? null,
      phone: input.phone ?? null,
      passwordHash: hash,
      name: input.name,
      kind: 'citizen',
      unitCode: input.unitCode,
      address: input.address ?? null,
      createdAt: now,
      lastLoginAt: now,
    });
    await closePreviousSession(tx, meta.previousSession);
    // With an e-mail nobody is signed in: the answer must look like the one for a registered address.
    const session = input.email ? null : await createSession(tx, id, now, meta);
    const user = (await getUser(tx, id))!;
    await audit(tx, {
      actor: { id, label: user.name },
      action: 'account.register',
      entityType: 'user',
      entityId: id,
      after: publicFields(user),
      ip: meta.ip ?? null,
      at: now,
    });
    return { user, session };
  });
}
