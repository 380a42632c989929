/** Test fixtures of the consolidation module: petitions of the evaluation set created through the petitions service. */
import type { AppContext } from '../../platform/context';
import type { Principal } from '../../platform/access/principal';
import { getCategoryByCode } from '../directory/service';
import { createPetition } from '../petitions/service';
import { EVALUATION_SET, type EvalItem } from './fixtures/similarity-set';

/** The first `n` items of each named group, created as web petitions of the citizen; ids by group. */
export async function createGroups(ctx: AppContext, citizen: Principal, groups: string[], n: number): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const g of groups) {
    out[g] = [];
    for (const item of EVALUATION_SET.filter((e) => e.group === g).slice(0, n)) out[g].push(await createFrom(ctx, citizen, item));
  }
  return out;
}

export async function createFrom(ctx: AppContext, citizen: Principal, item: EvalItem): Promise<number> {
  const cat = await getCategoryByCode(ctx.db, item.category);
  const r = await createPetition(
    ctx,
    citizen,
    { kind: 'kien_nghi', title: item.title, content: item.content, unitCode: item.unitCode, address: item.address, categoryId: cat?.id, peopleCount: item.peopleCount, visibility: 'private' },
    { skipRateLimit: true, silent: true },
  );
  return r.petition.id;
}
