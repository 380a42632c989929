import type { AppContext } from '../../../platform/context';
import type { Principal } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { conflict, forbidden } from '../../../platform/http/errors';
import { formatDate } from '../../../platform/i18n/i18n';
import { createHash } from 'node:crypto';
import { findAgency, getUnit } from '../../directory/service';
import { createPetition } from '../../petitions/service';
import { notify } from '../../notifications/service';
import { usersWithRole } from '../../accounts/service';
import type { Question } from '../model';
import { canManage, canOversee } from '../policy';
import { actor, getConference, lockConference, questionsOf } from './common';

/**
 * After the day, the questions not answered on the floor become petitions of the competent agency (the agency
 * assigned, else the unit's People's Committee; for the level above, the province's), linked both ways: the
 * petition names the conference, the question its petition. Repeating it creates nothing twice.
 */
export async function passUnanswered(ctx: AppContext, p: Principal | null, conferenceId: number): Promise<number> {
  const c = await getConference(ctx.db, conferenceId);
  if (!canManage(p, c)) throw forbidden();
  if (!['held', 'results_published', 'closed'].includes(c.status)) throw conflict('conferences.error.notHeld');
  const open = (await questionsOf(ctx.db, conferenceId)).filter((q) => ['pending', 'queued', 'deferred', 'passed_up', 'current'].includes(q.status) && !q.createdPetitionId);
  let made = 0;
  for (const q of open) {
    const agencyId = await competentAgency(ctx, c.unitCode, c.provinceCode, q);
    const content = `Ý kiến tại hội nghị đối thoại "${c.title}" ngày ${formatDate(c.startsAt)} chưa được trả lời tại hội nghị: ${q.content}`;
    const title = q.content.length > 120 ? `${q.content.slice(0, 117)}…` : q.content.padEnd(5, '.');
    const key = `conference-question-${q.id}`;
    const created = await createPetition(
      ctx,
      p,
      {
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
      },
      { idempotency: { key, requestHash: createHash('sha256').update(key).digest('hex') }, skipRateLimit: true, passedUp: q.level === 'above' },
    );
    const now = ctx.clock.now();
    await ctx.db.transaction().execute(async (tx) => {
      await lockConference(tx, conferenceId);
      await tx.updateTable('conference_questions').set({ status: 'petition', created_petition_id: created.petition.id }).where('id', '=', q.id).execute();
      await audit(tx, { actor: actor(p), action: 'conference.question.toPetition', entityType: 'conference_question', entityId: q.id, after: { petitionId: created.petition.id, code: created.petition.code }, at: now });
    });
    made++;
  }
  return made;
}

async function competentAgency(ctx: AppContext, unitCode: string, provinceCode: string, q: Question): Promise<number | null> {
  if (q.assignedAgencyId) return q.assignedAgencyId;
  const a = await findAgency(ctx.db, q.level === 'above' ? provinceCode : unitCode, 'peoples_committee');
  return a?.id ?? null;
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
