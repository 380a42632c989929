/**
 * The precision of the "similar petitions" box on the consolidation issue's labelled set
 * (src/modules/consolidation/fixtures: ≥ 300 petitions told in their own words, in groups of the same problem):
 * every item is published, then each item's title is typed into the box; a suggestion is right when it is of the
 * same group. Used by similar-precision.test.ts and by `npx tsx src/modules/petitions/similar-precision.ts`.
 */
import type { AppContext } from '../../platform/context';
import { EVALUATION_SET } from '../consolidation/fixtures/similarity-set';
import { createPetition, similarPublic, transition } from './service';
import { createCast, petitionInput, principalFor } from './testing';
import { insertAccount } from '../accounts/service';
import type { Principal } from '../../platform/access/principal';

export interface Suggestion {
  score: number;
  right: boolean;
}

/** Publishes the set (as Chiềng Cơi's citizens and officers) and returns every suggestion the box made, scored. */
export async function measureSimilar(ctx: AppContext, opts: { limit?: number; minScore?: number } = {}): Promise<{ suggestions: Suggestion[]; asked: number }> {
  const c = await createCast(ctx);
  const groupOf = new Map<string, string>();
  const codeOf = new Map<number, string>();
  // An officer and a head at each commune's People's Committee, to publish its answers.
  const staff = new Map<number, { officer: Principal; head: Principal }>();
  const staffOf = async (agencyId: number, unitCode: string) => {
    if (!staff.has(agencyId)) {
      const make = async (role: 'officer' | 'head') => {
        const email = `${role}.${unitCode}.${Date.now().toString(36)}@example.com`;
        const roles = [{ role, agencyId }];
        const id = await insertAccount(ctx, { email, name: `Cán bộ ${unitCode}`, password: { hash: 'scrypt$test$not-a-real-hash' }, kind: 'official', roles });
        return principalFor(ctx, { id, name: `Cán bộ ${unitCode}`, email }, roles);
      };
      staff.set(agencyId, { officer: await make('officer'), head: await make('head') });
    }
    return staff.get(agencyId)!;
  };
  const items = EVALUATION_SET.slice(0, opts.limit ?? EVALUATION_SET.length);
  for (const it of items) {
    const { petition } = await createPetition(ctx, c.citizenA, petitionInput({ title: it.title, content: it.content, unitCode: it.unitCode, address: it.address, kind: 'kien_nghi' }), { skipRateLimit: true, silent: true });
    groupOf.set(petition.code, it.group);
    codeOf.set(it.id, petition.code);
    const { officer, head } = await staffOf(petition.agencyId, it.unitCode);
    await transition(ctx, officer, petition.id, { action: 'receive' }, { silent: true });
    await transition(ctx, head, petition.id, { action: 'assign', assigneeId: officer.id }, { silent: true });
    await transition(ctx, officer, petition.id, { action: 'draft_answer', answerText: 'Đã tiếp nhận, kiểm tra thực tế và trả lời bằng văn bản theo quy định.' }, { silent: true });
    await transition(ctx, head, petition.id, { action: 'approve' }, { silent: true });
    await transition(ctx, officer, petition.id, { action: 'publish' }, { silent: true });
  }
  const suggestions: Suggestion[] = [];
  let asked = 0;
  for (const it of items) {
    asked++;
    for (const s of await similarPublic(ctx, it.title, { minScore: opts.minScore ?? 0 })) {
      const g = groupOf.get(s.code);
      if (g === undefined || s.code === codeOf.get(it.id)) continue;
      suggestions.push({ score: s.score, right: g === it.group });
    }
  }
  return { suggestions, asked };
}

/** Precision of the suggestions at or above each threshold, and how many remain. */
export function precisionTable(s: Suggestion[], thresholds: number[]): Array<{ threshold: number; shown: number; right: number; precision: number }> {
  return thresholds.map((threshold) => {
    const kept = s.filter((x) => x.score >= threshold);
    const right = kept.filter((x) => x.right).length;
    return { threshold, shown: kept.length, right, precision: kept.length ? right / kept.length : 1 };
  });
}
