import type { AppContext } from '../../../platform/context';
import { audit, SYSTEM_ACTOR } from '../../../platform/audit/audit';
import { listAgencies } from '../../directory/service';
import { usersWithRole } from '../../accounts/service';
import { notify } from '../../notifications/service';
import { commitmentSettings } from '../settings';
import { todayVN } from '../service/common';
import { complianceOf } from './service';

/**
 * Daily: from the configured day of the month, a head whose held and planned reception days fall short of the
 * required number is reminded, once a month (the reminder is remembered in reception_reminders).
 */
export async function remindReceptionDays(ctx: AppContext): Promise<number> {
  const s = await commitmentSettings(ctx.db);
  const today = todayVN(ctx);
  if (Number(today.slice(8, 10)) < s['commitments.reception.remindFromDay']) return 0;
  const month = today.slice(0, 7);
  const units = new Set<string>();
  for (const kind of ['party_committee', 'peoples_committee'] as const) for (const a of await listAgencies(ctx.db, { kind, limit: 5000 })) units.add(a.unitCode);
  const rows = await complianceOf(ctx.db, [...units], month);
  let sent = 0;
  const now = ctx.clock.now();
  for (const r of rows) {
    if (r.held + r.planned >= r.required) continue;
    sent += await ctx.db.transaction().execute(async (tx) => {
      const fresh = await tx.insertInto('reception_reminders').values({ agency_id: r.agencyId, month, sent_at: now }).onConflict((oc) => oc.columns(['agency_id', 'month']).doNothing()).returning('agency_id').executeTakeFirst();
      if (!fresh) return 0;
      const heads = await usersWithRole(tx, { role: 'head', agencyId: r.agencyId });
      await notify(tx, {
        recipients: heads,
        event: 'reception.behind',
        titleKey: 'reception.notify.behind.title',
        bodyKey: 'reception.notify.behind.body',
        params: { month: month.split('-').reverse().join('/'), held: r.held, planned: r.planned, required: r.required, agency: r.agencyName },
        link: `/tiep-cong-dan/${r.unitCode}/lich`,
        entity: { type: 'reception_agency', id: r.agencyId },
        at: now,
      });
      await audit(tx, { actor: SYSTEM_ACTOR, action: 'reception.remind', entityType: 'agency', entityId: r.agencyId, after: { month, held: r.held, planned: r.planned, required: r.required }, at: now });
      return 1;
    });
  }
  return sent;
}
