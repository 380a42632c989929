// Posting a comment or a reply.
import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import { actorOf, type Principal } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { getSettings } from '../../../platform/settings/settings';
import { HttpError, ValidationError, forbidden, notFound, unauthorized } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { mayPostAsAgency } from '../policy';
import { getAgencies } from '../../directory/service';
import { checkComment } from '../rules';
import { commentInput, type CommentInput } from '../schema';
import { commentTarget } from '../targets';
import type { CommentStatus, CommentView, HoldReason } from '../model';
import { commentLimits, guestPolicy, bodyError, impersonates, heldWords, EMAIL, normalizePhone } from './checks';
import { commentColumns, newCommentRow, type Row, toView, agencyMap } from './rows';
import { ensureTarget, bumpCounts } from './target-rows';

export interface PostResult {
  comment: CommentView;
  /** Held for moderation (a guest's comment, or words of the list): not shown until approved. */
  held: boolean;
}

async function enforceRateLimit(db: Executor, principal: Principal | null, ip: string | null, now: Date): Promise<void> {
  const s = await getSettings(db, ['comments.rateWindowMinutes', 'comments.rateMaxPerAccount', 'comments.rateMaxPerIp']);
  const minutes = Number(s['comments.rateWindowMinutes']);
  const since = new Date(now.getTime() - minutes * 60_000);
  if (principal) {
    const r = await db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('author_id', '=', principal.id)
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow();
    if (Number(r.n) >= Number(s['comments.rateMaxPerAccount'])) throw new HttpError(429, 'comments.error.rateLimited', { minutes });
  }
  if (ip) {
    const r = await db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('ip', '=', ip)
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow();
    if (Number(r.n) >= Number(s['comments.rateMaxPerIp'])) throw new HttpError(429, 'comments.error.rateLimited', { minutes });
  }
}

export async function isBlocked(db: Executor, userId: number): Promise<boolean> {
  return !!(await db.selectFrom('comment_blocks').select('user_id').where('user_id', '=', userId).executeTakeFirst());
}

/**
 * Posts a comment or a reply, by a signed-in person or a guest. The same rules apply on every route:
 * 5–500 characters as a person sees them, guests held for moderation (per unit), the word list,
 * blocked accounts refused, rate limits per account and per address, officials answering only as an
 * agency they hold a role at.
 */
export async function postComment(
  ctx: AppContext,
  principal: Principal | null,
  raw: CommentInput,
  meta: { ip: string | null },
): Promise<PostResult> {
  const input = parse(commentInput, raw);
  const def = commentTarget(input.targetType);
  if (!def) throw notFound('comments.error.noTarget');
  const { db } = ctx;
  const now = ctx.clock.now();
  const limits = await commentLimits(db);

  // Field errors first, all together (the form shows each beside its field).
  const errors: Record<string, string> = {};
  const params: Record<string, Record<string, string | number>> = {};
  const be = bodyError(input.body, limits);
  if (be) Object.assign(errors, be.errors), Object.assign(params, be.params);
  let guestName: string | null = null;
  let guestContact: string | null = null;
  const scope = def.scope ? await def.scope(db, input.targetId) : { unitCode: null, agencyId: null };
  const guests = await guestPolicy(db, scope.unitCode);
  if (!principal) {
    if (!guests.allowed) throw unauthorized('comments.error.signInRequired');
    guestName = (input.guestName ?? '').normalize('NFC').trim().replace(/\s+/g, ' ');
    const contact = (input.guestContact ?? '').normalize('NFC').trim();
    if (guestName.length < 2) errors.guestName = 'comments.error.guestName';
    else if (await impersonates(db, guestName)) errors.guestName = 'comments.error.impersonation';
    if (!contact) errors.guestContact = 'comments.error.guestContact';
    else if (contact.includes('@')) {
      if (!EMAIL.test(contact)) errors.guestContact = 'comments.error.guestContact';
      else guestContact = contact.toLowerCase();
    } else {
      guestContact = normalizePhone(contact);
      if (!guestContact) errors.guestContact = 'comments.error.guestContact';
    }
  }
  let section = input.section ? input.section.normalize('NFC').trim() : null;
  if (section && def.sections) {
    const sections = await def.sections(db, input.targetId);
    if (!sections.some((s) => s.key === section)) errors.section = 'comments.error.section';
  } else if (section && !def.sections) {
    section = null;
  }
  if (Object.keys(errors).length) throw new ValidationError(errors, params);

  const title = await def.title(db, input.targetId);
  if (title === null) throw notFound('comments.error.noTarget');
  if (principal && (await isBlocked(db, principal.id))) throw forbidden('comments.error.blocked');
  const can = await def.canComment(ctx, principal, input.targetId);
  if (can !== true) throw forbidden(typeof can === 'string' ? can : 'comments.error.closed');

  let asAgencyId: number | null = null;
  if (input.asAgencyId != null) {
    if (!mayPostAsAgency(principal, input.asAgencyId)) throw forbidden('comments.error.notYourAgency');
    asAgencyId = input.asAgencyId;
  }

  let parentId: number | null = null;
  if (input.parentId != null) {
    const parent = await db
      .selectFrom('comments')
      .select(['id', 'parent_id', 'target_type', 'target_id', 'status', 'section'])
      .where('id', '=', input.parentId)
      .executeTakeFirst();
    if (!parent || parent.target_type !== input.targetType || Number(parent.target_id) !== input.targetId || parent.status !== 'visible') {
      throw notFound('comments.error.noParent');
    }
    // Replies are one level deep: a reply to a reply joins the top-level comment's thread.
    parentId = parent.parent_id == null ? Number(parent.id) : Number(parent.parent_id);
    section = parent.section;
  }

  await enforceRateLimit(db, principal, meta.ip, now);

  const body = checkComment(input.body, limits).text.replace(/\u0000/g, '');
  let status: CommentStatus = 'visible';
  let hold: HoldReason | null = null;
  if (!principal && guests.moderated) {
    status = 'pending';
    hold = 'guest';
  } else if ((await heldWords(db, body)).length) {
    status = 'pending';
    hold = 'words';
  }

  const row = await db.transaction().execute(async (tx) => {
    await ensureTarget(tx, input.targetType, input.targetId, now);
    const inserted = await tx
      .insertInto('comments')
      .values(
        newCommentRow({
          targetType: input.targetType,
          targetId: input.targetId,
          section,
          parentId,
          authorId: principal?.id ?? null,
          authorName: principal ? principal.name : guestName!,
          guestContact: principal ? null : guestContact,
          asAgencyId,
          body,
          status,
          holdReason: hold,
          ip: meta.ip,
          at: now,
        }),
      )
      .returning(commentColumns.map((c) => c.slice(2)) as any)
      .executeTakeFirstOrThrow();
    const r = inserted as unknown as Row;
    if (status === 'visible') await bumpCounts(tx, r, +1, now);
    await audit(tx, {
      actor: principal ? actorOf(principal) : { id: null, label: `guest:${guestName}` },
      action: parentId ? 'comment.reply' : 'comment.create',
      entityType: 'comment',
      entityId: Number(r.id),
      after: { targetType: input.targetType, targetId: input.targetId, parentId, section, status, holdReason: hold, asAgencyId, length: checkComment(body, limits).count },
      ip: meta.ip,
      at: now,
    });
    return r;
  });
  const view = toView(row, await agencyMap(db, [row]), principal, new Set());
  return { comment: view, held: status !== 'visible' };
}

/** Agencies the principal may answer as (any role held there). */
export async function replyAgencies(db: Executor, p: Principal | null): Promise<Array<{ id: number; name: string }>> {
  if (!p || !p.roles.length) return [];
  const m = await getAgencies(db, [...new Set(p.roles.map((g) => g.agencyId))]);
  return [...m.values()].map((a) => ({ id: a.id, name: a.name }));
}
