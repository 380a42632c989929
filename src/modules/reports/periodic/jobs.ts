import type { AppContext } from '../../../platform/context';
import { addDays } from '../../../platform/calendar/dates';
import { getSetting } from '../../../platform/settings/settings';
import { listAgencies, homeProvinceCode } from '../../directory/service';
import { usersWithRole } from '../../accounts/service';
import { notify } from '../../notifications/service';
import { periodRange, today, type PeriodKind } from '../period';
import { SETTINGS } from '../settings';
import { dueOn } from './service';

/** The periods whose reports fall due around `on`: the month before, and Q1 / 6 / 9 months / the year when one ended. */
export function recentPeriods(on: string): Array<{ kind: PeriodKind; year: number; month: number }> {
  const y = Number(on.slice(0, 4));
  const m = Number(on.slice(5, 7));
  const prev = m === 1 ? { year: y - 1, month: 12 } : { year: y, month: m - 1 };
  const out: Array<{ kind: PeriodKind; year: number; month: number }> = [{ kind: 'month', ...prev }];
  const ends: Record<number, PeriodKind> = { 3: 'q1', 6: 'h1', 9: 'm9', 12: 'year' };
  if (ends[prev.month]) out.push({ kind: ends[prev.month], year: prev.year, month: 0 });
  return out;
}

/**
 * The reminder (daily): the heads of each People's Committee whose report of a recent period is not issued are told
 * when it falls due within the setting's days, and again when it is late — each once.
 */
export async function remindDueReports(ctx: AppContext): Promise<number> {
  const on = today(ctx.clock.now());
  const remindDays = await getSetting<number>(ctx.db, SETTINGS.remindDays);
  const province = await homeProvinceCode(ctx.db);
  const agencies = (await listAgencies(ctx.db, { kind: 'peoples_committee', limit: 5000 })).filter((a) => a.provinceCode === province);
  let sent = 0;
  for (const period of recentPeriods(on)) {
    const range = periodRange(period.kind, period.year, period.month || 1);
    const due = await dueOn(ctx.db, range.to);
    const stage = on > due ? 'late' : addDays(due, -remindDays) <= on ? 'soon' : null;
    if (!stage || on <= range.to) continue;
    const done = new Set(
      (
        await ctx.db
          .selectFrom('periodic_reports')
          .select('agency_id')
          .where('kind', '=', period.kind)
          .where('year', '=', period.year)
          .where('month', '=', period.month)
          .where('status', 'in', ['issued', 'acknowledged'])
          .execute()
      ).map((r) => r.agency_id),
    );
    for (const a of agencies.filter((x) => !done.has(x.id))) {
      await ctx.db.transaction().execute(async (tx) => {
        const fresh = await tx
          .insertInto('report_reminders')
          .values({ agency_id: a.id, kind: period.kind, year: period.year, month: period.month, stage })
          .onConflict((oc) => oc.doNothing())
          .returning('agency_id')
          .executeTakeFirst();
        if (!fresh) return;
        const heads = await usersWithRole(tx, { role: ['head'], agencyId: a.id });
        await notify(tx, {
          recipients: heads,
          event: `reports.due.${stage}`,
          titleKey: `reports.notice.${stage}.title`,
          bodyKey: `reports.notice.${stage}.body`,
          params: { periodKey: `reports.kind.${period.kind}`, year: period.year, due: due.split('-').reverse().join('/') },
          link: '/bao-cao',
        });
        sent += heads.length;
      });
    }
  }
  return sent;
}
