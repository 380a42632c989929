// The word list that holds comments for review.
import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import { actorOf, isAdmin, type Principal } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { ValidationError, forbidden, notFound } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { fold } from '../../../platform/text/text';
import { wordInput } from '../schema';

export async function listWords(db: Executor): Promise<Array<{ id: number; word: string; createdAt: Date }>> {
  const rows = await db.selectFrom('moderation_words').select(['id', 'word', 'created_at']).orderBy('word').execute();
  return rows.map((r) => ({ id: r.id, word: r.word, createdAt: new Date(r.created_at) }));
}

/** Adds a word or phrase to the list that holds comments for review (administrators). */
export async function addWord(ctx: AppContext, principal: Principal | null, raw: { word: string }, meta: { ip: string | null } = { ip: null }): Promise<void> {
  if (!isAdmin(principal)) throw forbidden();
  const { word } = parse(wordInput, raw);
  const folded = fold(word).replace(/\s+/g, ' ');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const ins = await tx
      .insertInto('moderation_words')
      .values({ word, folded, created_by: principal!.id, created_at: now })
      .onConflict((oc) => oc.column('folded').doNothing())
      .executeTakeFirst();
    if (Number(ins.numInsertedOrUpdatedRows ?? 0) === 0) throw new ValidationError({ word: 'comments.error.wordExists' });
    await audit(tx, { actor: actorOf(principal), action: 'comment.word.add', entityType: 'moderation_word', entityId: folded, after: { word }, ip: meta.ip, at: now });
  });
}

export async function removeWord(ctx: AppContext, principal: Principal | null, id: number, meta: { ip: string | null } = { ip: null }): Promise<void> {
  if (!isAdmin(principal)) throw forbidden();
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const w = await tx.selectFrom('moderation_words').select(['word', 'folded']).where('id', '=', id).executeTakeFirst();
    if (!w) throw notFound();
    await tx.deleteFrom('moderation_words').where('id', '=', id).execute();
    await audit(tx, { actor: actorOf(principal), action: 'comment.word.remove', entityType: 'moderation_word', entityId: w.folded, before: { word: w.word }, ip: meta.ip, at: now });
  });
}
