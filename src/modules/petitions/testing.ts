/**
 * Test fixtures of the petitions module: the demo directory (agencies, categories), a cast of users with
 * roles, and their Principals, so tests can call the use cases directly as each role.
 */
import type { AppContext } from '../../platform/context';
import type { Principal, Role, RoleGrant } from '../../platform/access/principal';
import { getAgencies, getAgencyByCode, getCategoryByCode, listUnits } from '../directory/service';
import { seedDirectoryDemo } from '../directory/seed';
import { insertAccount } from '../accounts/service';

export const CHIENG_COI = '03670';

export interface Cast {
  citizenA: Principal;
  citizenB: Principal;
  officerCC: Principal;
  headCC: Principal;
  bithuCC: Principal;
  frontCC: Principal;
  officerTH: Principal;
  headTH: Principal;
  provOfficer: Principal;
  provHead: Principal;
  supervisor: Principal;
  admin: Principal;
  agencies: { ubndCC: number; ubndTH: number; ubndProvince: number; snnmt: number; mttqCC: number; vpProvince: number };
  units: { chiengCoi: string; toHieu: string };
  categories: { datDai: number; moiTruong: number; dienNuoc: number; giaoThong: number };
}

export async function principalFor(ctx: Pick<AppContext, 'db'>, user: { id: number; name: string; email: string | null; phone?: string | null; unitCode?: string | null }, roles: Array<{ role: Role; agencyId: number }>): Promise<Principal> {
  const agencies = await getAgencies(ctx.db, roles.map((r) => r.agencyId));
  const grants: RoleGrant[] = roles.map((r) => {
    const a = agencies.get(r.agencyId)!;
    return { role: r.role, agencyId: a.id, unitCode: a.unitCode, provinceCode: a.provinceCode, unitLevel: a.unitLevel === 'province' ? 'province' : 'commune' };
  });
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    phone: user.phone ?? null,
    kind: roles.length ? 'official' : 'citizen',
    unitCode: user.unitCode ?? null,
    roles: grants,
    via: 'session',
  };
}

let seq = 0;

/** Loads the demo directory (idempotent) and creates a fresh cast of users (unique e-mails per call). */
export async function createCast(ctx: AppContext): Promise<Cast> {
  await seedDirectoryDemo(ctx);
  const tag = `${Date.now().toString(36)}${seq++}`;
  const toHieu = (await listUnits(ctx.db, { parent: '14', q: 'To Hieu' }))[0].code;
  const id = async (code: string) => (await getAgencyByCode(ctx.db, code))!.id;
  const agencies = {
    ubndCC: await id(`UBND-${CHIENG_COI}`),
    ubndTH: await id(`UBND-${toHieu}`),
    ubndProvince: await id('UBND-14'),
    snnmt: await id('SNNMT-14'),
    mttqCC: await id(`MTTQ-${CHIENG_COI}`),
    vpProvince: await id('VP-UBND-14'),
  };
  const cat = async (code: string) => (await getCategoryByCode(ctx.db, code))!.id;
  const categories = { datDai: await cat('dat-dai'), moiTruong: await cat('moi-truong'), dienNuoc: await cat('dien-nuoc'), giaoThong: await cat('giao-thong') };
  const hash = { hash: 'scrypt$test$not-a-real-hash' };
  const make = async (key: string, name: string, roles: Array<{ role: Role; agencyId: number }>, extra: { phone?: string; unitCode?: string } = {}) => {
    const email = `${key}.${tag}@example.com`;
    const uid = await insertAccount(ctx, { email, name, password: hash, kind: roles.length ? 'official' : 'citizen', phone: extra.phone ?? null, unitCode: extra.unitCode ?? null, roles });
    return principalFor(ctx, { id: uid, name, email, phone: extra.phone ?? null, unitCode: extra.unitCode ?? null }, roles);
  };
  const n = seq % 1000;
  return {
    citizenA: await make('citizen-a', 'Nguyễn Văn An', [], { unitCode: CHIENG_COI, phone: `09120${String(n).padStart(3, '0')}01` }),
    citizenB: await make('citizen-b', 'Lò Thị Bích', [], { unitCode: toHieu, phone: `09120${String(n).padStart(3, '0')}02` }),
    officerCC: await make('officer-cc', 'Cầm Văn Dũng', [{ role: 'officer', agencyId: agencies.ubndCC }]),
    headCC: await make('head-cc', 'Lường Văn Thắng', [{ role: 'head', agencyId: agencies.ubndCC }]),
    bithuCC: await make('bithu-cc', 'Quàng Thị Mai', [{ role: 'head', agencyId: await id(`DU-${CHIENG_COI}`) }]),
    frontCC: await make('front-cc', 'Lò Thị Hương', [{ role: 'front_officer', agencyId: agencies.mttqCC }]),
    officerTH: await make('officer-th', 'Tòng Văn Hải', [{ role: 'officer', agencyId: agencies.ubndTH }]),
    headTH: await make('head-th', 'Vì Thị Hoa', [{ role: 'head', agencyId: agencies.ubndTH }]),
    provOfficer: await make('prov-officer', 'Hà Văn Nam', [{ role: 'officer', agencyId: agencies.snnmt }]),
    provHead: await make('prov-head', 'Bạc Thị Thu', [{ role: 'head', agencyId: agencies.snnmt }]),
    supervisor: await make('supervisor', 'Đinh Thị Lan', [{ role: 'supervisor', agencyId: agencies.vpProvince }]),
    admin: await make('admin', 'Hoàng Minh Tuấn', [{ role: 'admin', agencyId: agencies.ubndProvince }]),
    agencies,
    units: { chiengCoi: CHIENG_COI, toHieu },
    categories,
  };
}

/** A valid petition body (override what the test is about). */
export function petitionInput(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'kien_nghi',
    title: 'Sạt lở đất tại bản Hài, phường Chiềng Cơi',
    content: 'Mưa lớn kéo dài làm sạt lở taluy dương ở bản Hài, đất đá tràn xuống đường, đe dọa ba hộ dân phía dưới. Đề nghị phường khảo sát và có phương án di dời, gia cố kịp thời.',
    unitCode: CHIENG_COI,
    visibility: 'public',
    ...over,
  };
}
