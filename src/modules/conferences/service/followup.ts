import type { AppContext } from '../../../platform/context';
import type { Principal } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { conflict, forbidden, ValidationError } from '../../../platform/http/errors';
import { formatDate } from '../../../platform/i18n/i18n';
import { createHash } from 'node:crypto';
import { findAgency, getAgency, getUnit } from '../../directory/service';
import { BatchValidationError, createPetitions, type CreateOptions } from '../../petitions/service';
import { notify } from '../../notifications/service';
import { usersWithRole } from '../../accounts/service';
import type { Question } from '../model';
import { canManage, canOversee } from '../policy';
import { actor, getConference, lockConference, questionsOf } from './common';

/**
 * After the day, the questions not answered on the floor become petitions of the competent agency (the agency
 * assigned, else the unit's People's Committee; for the level above, the province's), linked both ways: the
 * petition names the conference, the question its petition. Repeating it creates nothing twice. One transaction:
 * every petition (the petitions module's createPetitions) and every question's link to it, or none of them.
 */
export async function passUnanswered(ctx: AppContext, p: Principal | null, conferenceId: number): Promise<number> {
  const c = await getConference(ctx.db, conferenceId);
  if (!canManage(p, c)) throw forbidden();
  if (!['held', 'results_published', 'closed'].includes(c.status)) throw conflict('conferences.error.notHeld');
  const open = (await questionsOf(ctx.db, conferenceId)).filter((q) => ['pending', 'queued', 'deferred', 'passed_up', 'current'].includes(q.status) && !q.createdPetitionId);
  if (!open.length) return 0;
  const inputs: unknown[] = [];
  const options: CreateOptions[] = [];
  for (const q of open) {
    const competent = await competentAgency(ctx, c, q);
    const agencyId = competent.id;
    const above = q.level === 'above' ? ` Thuộc thẩm quyền cấp trên${competent.name ? `: ${competent.name}` : ''}.` : competent.name && !competent.id ? ` Cơ quan có thẩm quyền: ${competent.name}.` : '';
    const content = `Ý kiến tại hội nghị đối thoại "${c.title}" ngày ${formatDate(c.startsAt)} chưa được trả lời tại hội nghị: ${q.content}${above}`;
    const title = q.content.length > 120 ? `${q.content.slice(0, 117)}…` : q.content.padEnd(5, '.');
    const key = `conference-question-${q.id}`;
    inputs.push({
      kind: 'kien_nghi',
      title,
      content,
      unitCode: c.unitCode,
      channel: 'conference_floor',
      petitioner: { name: q.askerName, address: q.askerVillage ?? undefined },
      enteredAgencyId: p?.roles.find((g) => g.agencyId === c.agencyId && g.role !== 'admin' && g.role !== 'supervisor')?.agencyId,
      enteredPlace: c.venue ?? undefined,
      agencyId: agencyId ?? undefined,
      conferenceId: c.id,
      topicId: q.topicId ?? undefined,
      visibility: 'private',
    });
    options.push({ idempotency: { key, requestHash: createHash('sha256').update(key).digest('hex') }, skipRateLimit: true, passedUp: q.level === 'above' });
  }
  try {
    const { result } = await createPetitions(ctx, p, inputs, (i) => options[i], async (tx, created) => {
      await lockConference(tx, conferenceId);
      const now = ctx.clock.now();
      // Under the conference's lock: a question another call has linked meanwhile (its petition replayed by the key) is not linked twice.
      const linked = new Set((await questionsOf(tx, conferenceId)).filter((q) => q.createdPetitionId).map((q) => q.id));
      let made = 0;
      for (const [i, q] of open.entries()) {
        if (linked.has(q.id)) continue;
        const { petition } = created[i];
        await tx.updateTable('conference_questions').set({ status: 'petition', created_petition_id: petition.id }).where('id', '=', q.id).execute();
        await audit(tx, { actor: actor(p), action: 'conference.question.toPetition', entityType: 'conference_question', entityId: q.id, after: { petitionId: petition.id, code: petition.code }, at: now });
        made++;
      }
      return made;
    });
    return result;
  } catch (e) {
    // The first refused question's messages, as when they were passed one by one.
    if (e instanceof BatchValidationError) throw new ValidationError(e.rows[0].errors, e.rows[0].params);
    throw e;
  }
}

/**
 * The agency the petition is entered for: the one assigned when it is of the conference's unit, or — a question
 * passed up — a provincial agency of its province (petitions' `passedUp`); otherwise none: the petitions' routing
 * takes it and the competent agency is named in its content.
 */
async function competentAgency(ctx: AppContext, c: { unitCode: string; provinceCode: string }, q: Question): Promise<{ id: number | null; name: string | null }> {
  if (!q.assignedAgencyId) return { id: null, name: null };
  const a = await getAgency(ctx.db, q.assignedAgencyId);
  if (!a) return { id: null, name: null };
  const ok = a.unitCode === c.unitCode || (q.level === 'above' && a.unitLevel === 'province' && a.provinceCode === c.provinceCode);
  return { id: ok ? a.id : null, name: a.name };
}

/** Sends the conference report to the level above (the parent unit's inbox). */
export async function sendReport(ctx: AppContext, p: Principal | null, conferenceId: number): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const c = await lockConference(tx, conferenceId);
    if (!canManage(p, c)) throw forbidden();
    if (!['held', 'results_published', 'closed'].includes(c.status)) throw conflict('conferences.error.notHeld');
    await tx.updateTable('conferences').set({ report_sent_at: now, report_ack_at: null, report_ack_by: null }).where('id', '=', conferenceId).execute();
    await audit(tx, { actor: actor(p), action: 'conference.report.send', entityType: 'conference', entityId: conferenceId, at: now });
    const unit = await getUnit(tx, c.unitCode);
    const parent = unit?.parentCode ?? c.provinceCode;
    const above = await findAgency(tx, parent, 'peoples_committee');
    const recipients = above ? await usersWithRole(tx, { role: ['officer', 'head', 'supervisor'], agencyId: above.id }) : [];
    if (recipients.length) {
      await notify(tx, {
        recipients,
        event: 'conference.report',
        titleKey: 'conferences.notify.report.title',
        bodyKey: 'conferences.notify.report.body',
        params: { title: c.title, unit: unit?.fullName ?? c.unitCode },
        link: '/can-bo/hoi-nghi/bao-cao',
        entity: { type: 'conference', id: c.id },
        at: now,
      });
    }
  });
}

/** The level above acknowledges a report. */
export async function acknowledgeReport(ctx: AppContext, p: Principal | null, conferenceId: number): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const c = await lockConference(tx, conferenceId);
    if (!canOversee(p, c)) throw forbidden();
    if (!c.reportSentAt) throw conflict('conferences.error.noReport');
    await tx.updateTable('conferences').set({ report_ack_at: now, report_ack_by: p?.name ?? null }).where('id', '=', conferenceId).execute();
    await audit(tx, { actor: actor(p), action: 'conference.report.acknowledge', entityType: 'conference', entityId: conferenceId, at: now });
  });
}

/** The reports sent up by the units the person oversees, unacknowledged first. */
export async function reportInbox(ctx: AppContext, p: Principal | null) {
  const provinces = [...new Set((p?.roles ?? []).filter((g) => g.role === 'supervisor' || g.role === 'admin' || g.unitLevel === 'province').map((g) => g.provinceCode))];
  if (!provinces.length) return [];
  const rows = await ctx.db
    .selectFrom('conferences')
    .select(['id', 'title', 'unit_code', 'province_code', 'starts_at', 'report_sent_at', 'report_ack_at', 'report_ack_by', 'status'])
    .where('province_code', 'in', provinces)
    .where('report_sent_at', 'is not', null)
    .orderBy('report_ack_at', (ob) => ob.desc().nullsFirst())
    .orderBy('report_sent_at', 'desc')
    .limit(200)
    .execute();
  return rows.filter((r) => canOversee(p, { unitCode: r.unit_code, provinceCode: r.province_code }));
}
