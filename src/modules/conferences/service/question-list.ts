import { sql, type Expression, type SqlBool } from 'kysely';
import type { AppContext } from '../../../platform/context';
import type { Principal } from '../../../platform/access/principal';
import { civilDaysRange } from '../../../platform/http/validate';
import type { IsoDate } from '../../../platform/calendar/dates';
import { getUnits } from '../../directory/service';
import type { Question, QuestionLevel, QuestionState } from '../model';
import { toQuestion } from './common';

/** What the public sees of a conference's questions: those put on the floor, once the session has begun. */
export const FLOOR_STATES: readonly QuestionState[] = ['current', 'answered', 'passed_up', 'petition', 'deferred'];
const SESSION_ON: readonly string[] = ['in_session', 'held', 'results_published', 'closed'];

export interface QuestionListOptions {
  /** A commune, or a province (every commune of it). */
  unitCode?: string;
  /** Conferences starting on these civil days of Vietnam, both included. */
  from?: IsoDate;
  to?: IsoDate;
  status?: QuestionState;
  level?: QuestionLevel;
  page?: number;
  limit?: number;
}

export interface QuestionListItem extends Question {
  conferenceTitle: string;
  conferenceStartsAt: Date;
  unitName: string;
}

/**
 * The conferences whose every question the caller sees (the conference page's organisers, and the level above that
 * takes the questions passed up): the organisers' units, and what a supervisor's or administrator's grant covers.
 */
function seesAll(p: Principal | null): Expression<SqlBool> {
  const grants = p?.roles ?? [];
  const units = grants.filter((g) => ['officer', 'head', 'front_officer'].includes(g.role) || (['supervisor', 'admin'].includes(g.role) && g.unitLevel !== 'province')).map((g) => g.unitCode);
  const provinces = grants.filter((g) => ['supervisor', 'admin'].includes(g.role) && g.unitLevel === 'province').map((g) => g.provinceCode);
  const w: Expression<SqlBool>[] = [sql<boolean>`false`];
  if (units.length) w.push(sql<boolean>`c.unit_code in (${sql.join(units)})`);
  if (provinces.length) w.push(sql<boolean>`c.province_code in (${sql.join(provinces)})`);
  return sql<boolean>`(${sql.join(w, sql` or `)})`;
}

/** Questions across conferences (merged duplicates left out), latest conference first, as the caller may see them. */
export async function listQuestions(ctx: AppContext, p: Principal | null, opts: QuestionListOptions): Promise<{ items: QuestionListItem[]; hasMore: boolean }> {
  const limit = Math.min(opts.limit ?? 50, 100);
  const page = Math.max(1, opts.page ?? 1);
  const w: Expression<SqlBool>[] = [sql<boolean>`q.status <> 'merged'`];
  w.push(sql<boolean>`((q.status in (${sql.join([...FLOOR_STATES])}) and c.status in (${sql.join([...SESSION_ON])})) or ${seesAll(p)})`);
  if (opts.unitCode) w.push(opts.unitCode.length <= 2 ? sql<boolean>`c.province_code = ${opts.unitCode}` : sql<boolean>`c.unit_code = ${opts.unitCode}`);
  const days = civilDaysRange(opts);
  if (days.from) w.push(sql<boolean>`c.starts_at >= ${days.from}`);
  if (days.to) w.push(sql<boolean>`c.starts_at < ${days.to}`);
  if (opts.status) w.push(sql<boolean>`q.status = ${opts.status}`);
  if (opts.level) w.push(sql<boolean>`q.level = ${opts.level}`);
  const rows = await sql<Record<string, unknown> & { conference_title: string; conference_starts_at: Date; conference_unit: string }>`
    select q.*, c.title as conference_title, c.starts_at as conference_starts_at, c.unit_code as conference_unit
    from conference_questions q join conferences c on c.id = q.conference_id
    where ${sql.join(w, sql` and `)}
    order by c.starts_at desc, c.id desc, q.position, q.id
    limit ${limit + 1} offset ${(page - 1) * limit}`.execute(ctx.db);
  const units = await getUnits(ctx.db, [...new Set(rows.rows.map((r) => r.conference_unit))]);
  return {
    items: rows.rows.slice(0, limit).map((r) => ({
      ...toQuestion(r as never),
      conferenceTitle: r.conference_title,
      conferenceStartsAt: new Date(r.conference_starts_at),
      unitName: units.get(r.conference_unit)?.fullName ?? r.conference_unit,
    })),
    hasMore: rows.rows.length > limit,
  };
}
