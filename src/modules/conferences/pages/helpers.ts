import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context';
import type { Principal } from '../../../platform/access/principal';
import { forbidden } from '../../../platform/http/errors';
import { getUsers, usersWithRole } from '../../accounts/service';
import { getUnits, listAgencies } from '../../directory/service';
import type { Agency } from '../../directory/model';
import { isOrganiser, organiserUnits } from '../policy';

/** Officer pages: a guest is sent to sign in, someone who organises nothing is refused. */
export function organiser(req: FastifyRequest, reply: FastifyReply): Principal | null {
  const p = req.principal;
  if (!p) {
    if (req.method === 'GET') {
      void reply.redirect(`/dang-nhap?next=${encodeURIComponent(req.url)}`, 303);
      return null;
    }
    throw forbidden();
  }
  if (!isOrganiser(p)) throw forbidden();
  return p;
}

/** Every value of a repeated form field, in order. */
export function listOf(body: unknown, name: string): string[] {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => String(x ?? ''));
}

export interface ChairCandidate {
  userId: number;
  name: string;
  agencyName: string;
  suggestedTitle: string;
}

/** The usual title of an agency's head ("Bí thư Đảng ủy phường Chiềng Cơi", "Chủ tịch UBND phường Chiềng Cơi"). */
export function suggestedTitle(a: Agency, role: 'head' | 'officer'): string {
  if (role === 'officer') return `Cán bộ ${a.shortName ?? a.name}`;
  if (a.kind === 'party_committee') return `Bí thư ${a.name}`;
  if (a.kind === 'peoples_committee') return `Chủ tịch ${a.shortName ?? a.name}`;
  if (a.kind === 'peoples_council') return `Chủ tịch ${a.shortName ?? a.name}`;
  if (a.kind === 'front') return `Chủ tịch ${a.shortName ?? a.name}`;
  if (a.kind === 'department') return `Giám đốc ${a.shortName ?? a.name}`;
  return `Người đứng đầu ${a.shortName ?? a.name}`;
}

/** Who may chair a conference of the unit: the heads (then officers) of the unit's agencies, and of the province's. */
export async function chairCandidates(ctx: AppContext, unitCode: string, provinceCode: string): Promise<ChairCandidate[]> {
  const agencies = [...(await listAgencies(ctx.db, { unitCode })), ...(unitCode !== provinceCode ? (await listAgencies(ctx.db, { unitCode: provinceCode })).filter((a) => a.kind !== 'department' || a.parentId !== null) : [])];
  const out: ChairCandidate[] = [];
  const seen = new Set<number>();
  for (const role of ['head', 'officer'] as const) {
    for (const a of agencies) {
      if (role === 'officer' && a.unitCode !== unitCode) continue;
      const ids = (await usersWithRole(ctx.db, { role, agencyId: a.id })).filter((id) => !seen.has(id));
      const users = await getUsers(ctx.db, ids);
      for (const id of ids) {
        const u = users.get(id);
        if (!u) continue;
        seen.add(id);
        out.push({ userId: id, name: u.name, agencyName: a.name, suggestedTitle: suggestedTitle(a, role) });
      }
    }
  }
  return out;
}

/** The units the person organises conferences for, with names (the form's choice). */
export async function unitChoices(ctx: AppContext, p: Principal): Promise<Array<{ code: string; name: string; provinceCode: string }>> {
  const units = await getUnits(ctx.db, organiserUnits(p));
  return [...units.values()].map((u) => ({ code: u.code, name: u.fullName, provinceCode: u.provinceCode }));
}
