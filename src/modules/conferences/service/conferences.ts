import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import type { Principal } from '../../../platform/access/principal';
import { audit } from '../../../platform/audit/audit';
import { ValidationError, conflict, forbidden } from '../../../platform/http/errors';
import { parse } from '../../../platform/http/validate';
import { getSetting } from '../../../platform/settings/settings';
import { daysBetween, todayInVietnam } from '../../../platform/calendar/dates';
import { getAgencies, getAgency, getUnit } from '../../directory/service';
import { getUser, rolesOfUser } from '../../accounts/service';
import { listTopicSummaries, recordTopicRaised, type TopicSummary } from '../../consolidation/service';
import type { Chair, Conference } from '../model';
import { canApprove, canManage } from '../policy';
import { conferenceSchema, transitionSchema, type ConferenceData } from '../schema';
import { SETTINGS } from '../settings';
import { EDITABLE, TRANSITIONS, canTransition, type ConferenceAction } from '../state-machine';
import { actor, emitLive, getConference, lockConference, searchText, toConference, vnInstant } from './common';
import { notifyAgencies, notifyRegistrants } from './notify';

interface Resolved {
  data: ConferenceData;
  unit: { code: string; provinceCode: string; fullName: string };
  chairs: Chair[];
  startsAt: Date;
  endsAt: Date;
  registrationClosesAt: Date;
  questionsCloseAt: Date;
  topics: TopicSummary[];
}

/** Validates the input against the directory and the settings; every problem is reported beside its field. */
async function resolve(ctx: AppContext, p: Principal | null, input: unknown): Promise<Resolved> {
  const data = parse(conferenceSchema, input);
  const errors: Record<string, string> = {};
  const params: Record<string, Record<string, string | number>> = {};
  const unit = await getUnit(ctx.db, data.unitCode);
  if (!unit) throw new ValidationError({ unitCode: 'conferences.error.unit' });
  if (!canManage(p, { unitCode: unit.code, provinceCode: unit.provinceCode })) throw forbidden();
  const agency = await getAgency(ctx.db, data.agencyId);
  if (!agency || agency.unitCode !== unit.code) errors.agencyId = 'conferences.error.agency';
  const chairs: Chair[] = [];
  for (const [i, c] of data.chairs.entries()) {
    const user = await getUser(ctx.db, c.userId);
    const roles = user ? await rolesOfUser(ctx.db, c.userId) : [];
    const agencies = await getAgencies(ctx.db, roles.map((r) => r.agencyId));
    const grant = roles.find((r) => {
      const a = agencies.get(r.agencyId);
      return (r.role === 'head' || r.role === 'officer') && a && (a.unitCode === unit.code || a.unitCode === unit.provinceCode);
    });
    if (!user || !grant) errors[`chairs.${i}.userId`] = 'conferences.error.chair';
    else chairs.push({ userId: user.id, name: user.name, title: c.title, agencyId: grant.agencyId });
  }
  if (data.agencies?.length) {
    const found = await getAgencies(ctx.db, data.agencies);
    if (found.size !== new Set(data.agencies).size) errors.agencies = 'conferences.error.agency';
  }
  if (data.reason === 'voters_request' && data.votersTotal && data.requestersCount !== undefined) {
    const percent = await getSetting<number>(ctx.db, SETTINGS.adHocVoterPercent);
    if (data.requestersCount * 100 < data.votersTotal * percent) {
      errors.requestersCount = 'conferences.error.belowThreshold';
      params.requestersCount = { percent, needed: Math.ceil((data.votersTotal * percent) / 100) };
    }
  }
  const topics = data.topicIds?.length ? await listTopicSummaries(ctx, data.topicIds) : [];
  if (topics.length !== new Set(data.topicIds ?? []).size || topics.some((t) => t.unitCode !== unit.code)) errors.topicIds = 'conferences.error.topic';
  if (Object.keys(errors).length) throw new ValidationError(errors, params);
  const startsAt = vnInstant(data.date, data.startTime);
  const endsAt = vnInstant(data.date, data.endTime);
  const regHours = await getSetting<number>(ctx.db, SETTINGS.registrationCloseHours);
  const qHours = await getSetting<number>(ctx.db, SETTINGS.questionsCloseHours);
  return {
    data,
    unit,
    chairs,
    startsAt,
    endsAt,
    registrationClosesAt: new Date(startsAt.getTime() - regHours * 3600_000),
    questionsCloseAt: new Date(startsAt.getTime() - qHours * 3600_000),
    topics,
  };
}

function columns(r: Resolved) {
  const d = r.data;
  return {
    unit_code: r.unit.code,
    province_code: r.unit.provinceCode,
    agency_id: d.agencyId,
    kind: d.kind,
    reason: d.reason,
    reason_text: d.reasonText ?? null,
    title: d.title,
    description: d.description ?? null,
    convening: JSON.stringify([...new Set([d.agencyId, ...r.chairs.map((c) => c.agencyId)])]),
    chairs: JSON.stringify(r.chairs),
    agencies: JSON.stringify(d.agencies ?? []),
    invited: d.invited ?? null,
    venue: d.venue ?? null,
    online_url: d.onlineUrl ?? null,
    starts_at: r.startsAt,
    ends_at: r.endsAt,
    capacity: d.capacity,
    registration_closes_at: r.registrationClosesAt,
    questions_close_at: r.questionsCloseAt,
    topic_ids: JSON.stringify(d.topicIds ?? []),
    plan_item_id: d.planItemId ?? null,
    search: searchText(d.title, d.venue ?? null, r.unit.fullName),
  };
}

/** Topics of the dossier chosen for the agenda, each its own item (pressing first), after the items typed in. */
const TOPIC_MINUTES = 15;

async function writeAgenda(tx: Executor, conferenceId: number, agenda: ConferenceData['agenda'], topics: TopicSummary[]) {
  await tx.deleteFrom('conference_agenda_items').where('conference_id', '=', conferenceId).execute();
  const typed = new Set(agenda.map((a) => a.title));
  const fromDossier = [...topics].sort((a, b) => Number(b.pressing) - Number(a.pressing)).filter((t) => !typed.has(t.title));
  const rows = [
    ...agenda.map((a) => ({ title: a.title, minutes: a.minutes, topic_id: topics.find((t) => t.title === a.title)?.id ?? null })),
    ...fromDossier.map((t) => ({ title: t.title, minutes: TOPIC_MINUTES, topic_id: t.id })),
  ];
  if (rows.length) {
    await tx
      .insertInto('conference_agenda_items')
      .values(rows.map((a, i) => ({ conference_id: conferenceId, position: i + 1, ...a })))
      .execute();
  }
}

export async function createConference(ctx: AppContext, p: Principal | null, input: unknown, opts: { at?: Date } = {}): Promise<Conference> {
  const r = await resolve(ctx, p, input);
  const now = opts.at ?? ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('conferences')
      .values({ ...columns(r), status: 'draft', created_by: p?.id ?? null, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAgenda(tx, row.id, r.data.agenda, r.topics);
    if (r.data.planItemId) await tx.updateTable('conference_plan_items').set({ conference_id: row.id }).where('id', '=', r.data.planItemId).execute();
    const c = toConference(row);
    await audit(tx, { actor: actor(p), action: 'conference.create', entityType: 'conference', entityId: c.id, after: { ...r.data }, at: now });
    return c;
  });
}

export async function updateConference(ctx: AppContext, p: Principal | null, id: number, input: unknown): Promise<Conference> {
  const before = await getConference(ctx.db, id);
  if (!canManage(p, before)) throw forbidden();
  const r = await resolve(ctx, p, input);
  if (r.unit.code !== before.unitCode) throw new ValidationError({ unitCode: 'conferences.error.unitChange' });
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const cur = await lockConference(tx, id);
    if (!EDITABLE.includes(cur.status)) throw conflict('conferences.error.notEditable');
    const announced = cur.status === 'announced';
    const row = await tx
      .updateTable('conferences')
      .set({ ...columns(r), updated_at: now, ...(announced ? { sequence: cur.sequence + 1 } : {}) })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAgenda(tx, id, r.data.agenda, r.topics);
    const c = toConference(row);
    await audit(tx, { actor: actor(p), action: 'conference.update', entityType: 'conference', entityId: id, before: cur, after: c, at: now });
    if (announced) {
      await notifyRegistrants(ctx, tx, c, 'changed');
      await emitLive(ctx, tx, id, 'details', {});
    }
    return c;
  });
}

export interface TransitionInput {
  action: ConferenceAction;
  reason?: string;
  shortNoticeReason?: string;
}

/** Moves the conference along its state machine; who may do it and what it needs come from the transition table. */
export async function transitionConference(ctx: AppContext, p: Principal | null, id: number, input: TransitionInput): Promise<Conference> {
  const { action, reason } = parse(transitionSchema, input);
  const shortNoticeReason = typeof input.shortNoticeReason === 'string' ? input.shortNoticeReason.normalize('NFC').trim() : '';
  const rule = TRANSITIONS[action];
  const now = ctx.clock.now();
  const noticeDays = await getSetting<number>(ctx.db, SETTINGS.noticeDays);
  return ctx.db.transaction().execute(async (tx) => {
    const cur = await lockConference(tx, id);
    if (!(rule.needsHead ? canApprove(p, cur) : canManage(p, cur))) throw forbidden();
    if (!canTransition(cur.status, action)) throw conflict('conferences.error.transition', { status: `conferences.state.${cur.status}` });
    if (rule.needsReason && !reason) throw new ValidationError({ reason: 'conferences.error.reasonRequired' });
    const set: Record<string, unknown> = { status: rule.to, updated_at: now };
    if (rule.needsReason) set.status_reason = reason;
    if (action === 'announce') {
      if (cur.startsAt <= now) throw new ValidationError({ shortNoticeReason: 'conferences.error.inPast' });
      const days = daysBetween(todayInVietnam(now), todayInVietnam(cur.startsAt));
      if (days < noticeDays && !shortNoticeReason) {
        throw new ValidationError({ shortNoticeReason: 'conferences.error.shortNotice' }, { shortNoticeReason: { days: noticeDays, actual: days } });
      }
      set.short_notice_reason = days < noticeDays ? shortNoticeReason : null;
      set.announced_at = now;
      set.status_reason = null;
      if (cur.announcedAt) set.sequence = cur.sequence + 1;
    }
    if (action === 'cancel' || action === 'postpone') set.sequence = cur.sequence + 1;
    if (action === 'start') set.started_at = now;
    if (action === 'end') set.ended_at = now;
    if (action === 'publish') set.results_published_at = now;
    const row = await tx.updateTable('conferences').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    const c = toConference(row);
    await audit(tx, { actor: actor(p), action: `conference.${action}`, entityType: 'conference', entityId: id, before: { status: cur.status }, after: { status: c.status, reason: reason ?? null }, at: now });
    await emitLive(ctx, tx, id, 'status', { status: c.status });
    if (action === 'cancel' || action === 'postpone') await notifyRegistrants(ctx, tx, c, action, { reason: reason ?? '' });
    if (action === 'publish') await notifyRegistrants(ctx, tx, c, 'results');
    // The dossier's topics this conference raised: a topic raised again at a later one is flagged kéo dài there.
    if (action === 'end') for (const topicId of c.topicIds) await recordTopicRaised(tx, { topicId, conferenceId: id, heldOn: todayInVietnam(c.startsAt), at: now });
    if (action === 'announce') await notifyAgencies(ctx, tx, c, [...c.agencies, ...c.convening], 'announced');
    return c;
  });
}

export const approveConference = (ctx: AppContext, p: Principal | null, id: number) => transitionConference(ctx, p, id, { action: 'approve' });
export const announceConference = (ctx: AppContext, p: Principal | null, id: number, shortNoticeReason?: string) =>
  transitionConference(ctx, p, id, { action: 'announce', shortNoticeReason });
