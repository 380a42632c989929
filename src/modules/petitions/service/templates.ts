import type { AppContext } from '../../../platform/context';
import { actorOf, type Principal } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { forbidden, notFound } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import type { AnswerTemplate } from '../model';
import { actsFor } from '../policy';
import { templateSchema } from '../schema';

/** Reusable answer templates, per agency: officers and heads of the agency read and edit them. */
export async function listTemplates(ctx: AppContext, principal: Principal | null, agencyId: number): Promise<AnswerTemplate[]> {
  if (!actsFor(principal, agencyId)) throw forbidden();
  const rows = await ctx.db
    .selectFrom('petition_answer_templates')
    .select(['id', 'agency_id', 'title', 'body', 'active', 'updated_at'])
    .where('agency_id', '=', agencyId)
    .where('active', '=', true)
    .orderBy('title')
    .execute();
  return rows.map((r) => ({ id: r.id, agencyId: r.agency_id, title: r.title, body: r.body, active: r.active, updatedAt: r.updated_at }));
}

export async function getTemplate(ctx: AppContext, principal: Principal | null, id: number): Promise<AnswerTemplate> {
  const r = await ctx.db.selectFrom('petition_answer_templates').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r || !actsFor(principal, r.agency_id)) throw notFound();
  return { id: r.id, agencyId: r.agency_id, title: r.title, body: r.body, active: r.active, updatedAt: r.updated_at };
}

/** Creates (no id) or updates a template; audited. */
export async function saveTemplate(ctx: AppContext, principal: Principal | null, input: unknown, id?: number): Promise<AnswerTemplate> {
  const data = parse(templateSchema, input);
  if (!actsFor(principal, data.agencyId)) throw forbidden();
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    let before: unknown = null;
    let row;
    if (id) {
      const old = await tx.selectFrom('petition_answer_templates').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!old || !actsFor(principal, old.agency_id)) throw notFound();
      before = { title: old.title, body: old.body, agencyId: old.agency_id };
      row = await tx
        .updateTable('petition_answer_templates')
        .set({ title: data.title, body: data.body, agency_id: data.agencyId, updated_at: now })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    } else {
      row = await tx
        .insertInto('petition_answer_templates')
        .values({ agency_id: data.agencyId, title: data.title, body: data.body, created_by: principal!.id, created_at: now, updated_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    await audit(tx, {
      actor: actorOf(principal),
      action: id ? 'petition_template.update' : 'petition_template.create',
      entityType: 'petition_template',
      entityId: row.id,
      before,
      after: { title: row.title, body: row.body, agencyId: row.agency_id },
      at: now,
    });
    return { id: row.id, agencyId: row.agency_id, title: row.title, body: row.body, active: row.active, updatedAt: row.updated_at };
  });
}

export async function deleteTemplate(ctx: AppContext, principal: Principal | null, id: number): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const old = await tx.selectFrom('petition_answer_templates').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!old || !actsFor(principal, old.agency_id)) throw notFound();
    await tx.updateTable('petition_answer_templates').set({ active: false, updated_at: now }).where('id', '=', id).execute();
    await audit(tx, { actor: actorOf(principal), action: 'petition_template.delete', entityType: 'petition_template', entityId: id, before: { title: old.title }, at: now });
  });
}
