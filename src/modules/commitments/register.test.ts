import { beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachEngine } from '../../test/harness';
import { addDays } from '../../platform/calendar';
import { createCast, type Cast } from '../petitions/testing';
import { todayVN } from './service/common';
import { createCommitment, getCommitmentForViewer, listAgencyCommitments, updateProgress } from './service';
import { commitmentInput } from './testing';

describeEachEngine('commitments: the agency register and the public page of a commitment', (getApp) => {
  let c: Cast;
  beforeAll(async () => {
    c = await createCast(getApp().ctx);
  });

  it('pages its own and its co-operating commitments in deadline order, each once, with the count of all', async () => {
    const ctx = getApp().ctx;
    const today = todayVN(ctx);
    const A = c.agencies.ubndCC;
    const B = c.agencies.mttqCC;
    // Interleaved deadlines: own ones, ones of another agency it co-operates on, one it is both responsible for and
    // listed as co-operating on, and one of the other agency alone (not in its register). Two share a deadline.
    const made = [];
    for (const [i, [agencyId, co]] of ([[A, []], [B, [A]], [A, [B]], [B, [A]], [A, [A]], [B, []], [A, []], [B, [A]]] as Array<[number, number[]]>).entries()) {
      made.push(await createCommitment(ctx, c.headCC, commitmentInput(agencyId, { coAgencyIds: co, deadline: addDays(today, 30 + (i === 3 ? 2 : i)), deadlineWorkingDays: undefined })));
    }
    const expected = (
      await sql<{ id: number }>`select id from commitments where agency_id = ${A} or co_agency_ids @> ${JSON.stringify([A])}::jsonb order by deadline, id`.execute(ctx.db)
    ).rows.map((r) => r.id);
    expect(expected).toEqual(expect.arrayContaining(made.filter((k) => k.agencyId === A || k.coAgencyIds.includes(A)).map((k) => k.id)));
    expect(expected).not.toContain(made[5].id);
    const seen: number[] = [];
    for (let page = 1; page <= Math.ceil(expected.length / 3) + 1; page++) {
      const p = await listAgencyCommitments(ctx, A, { page }, 3);
      expect(p.total).toBe(expected.length);
      seen.push(...p.items.map((i) => i.id));
    }
    expect(seen).toEqual(expected);
    // Overdue is a filter of the same register.
    const overdue = await listAgencyCommitments(ctx, A, { state: 'overdue' });
    expect(overdue.items.every((i) => i.overdue)).toBe(true);
  });

  it('shows anyone not signed in a change to a commitment as soon as it has committed', async () => {
    const ctx = getApp().ctx;
    const k = await createCommitment(ctx, c.officerCC, commitmentInput(c.agencies.ubndCC));
    expect((await getCommitmentForViewer(ctx, null, k.code)).commitment.progressPct).toBe(0);
    expect((await getCommitmentForViewer(ctx, null, k.code.toLowerCase())).timeline.map((e) => e.type)).toEqual(['created']);
    await updateProgress(ctx, c.officerCC, k.code, { note: 'Đã khảo sát tuyến mương, lập dự toán.', pct: 40 });
    const after = await getCommitmentForViewer(ctx, null, k.code);
    expect(after.commitment.progressPct).toBe(40);
    expect(after.timeline.map((e) => e.type)).toEqual(['created', 'progress']);
  });
});
