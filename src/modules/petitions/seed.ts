import { sql } from 'kysely';
import type { AppContext } from '../../platform/context';
import type { Principal, Role } from '../../platform/access/principal';
import type { Clock } from '../../platform/clock';
import { todayInVietnam, addDays } from '../../platform/calendar';
import { findAgency, getAgencies, getAgencyByCode, getCategoryByCode, listCategories, listUnits, getUnit } from '../directory/service';
import { insertAccount, listUsers, rolesOfUser } from '../accounts/service';
import { DEMO_PASSWORD } from '../accounts/seed';
import { hashPassword } from '../accounts/password';
import { CODE_PREFIX, type PetitionKind, type PetitionState } from './model';
import { ANSWER_TEMPLATES, NAMES, PLACES, RATING_COMMENTS, REOPEN_REASONS, TEMPLATES, type PetitionTemplate } from './seed-data';
import { createPetition } from './service/create';
import { transition } from './service/transitions';
import { saveTemplate } from './service/templates';
import { saveRoute } from './service/routing';
import { scanDeadlines } from './jobs';
import { reserveCodes } from './service/common';
import { publicSearchCorpus, refreshVocabulary } from './service/read';
import { forgetPublicResults } from './service/public-cache';
import { forgetCorpus } from '../../platform/search/provider';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** A deterministic PRNG (mulberry32), so the demo is the same on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A clock the seed moves along each petition's story (the use cases read ctx.clock). */
class StoryClock implements Clock {
  constructor(public at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
}

async function principalOf(ctx: AppContext, id: number, name: string, email: string | null): Promise<Principal> {
  const roles = await rolesOfUser(ctx.db, id);
  const agencies = await getAgencies(ctx.db, roles.map((r) => r.agencyId));
  return {
    id,
    name,
    email,
    phone: null,
    kind: roles.length ? 'official' : 'citizen',
    unitCode: null,
    roles: roles.flatMap((r) => {
      const a = agencies.get(r.agencyId);
      return a ? [{ role: r.role, agencyId: a.id, unitCode: a.unitCode, provinceCode: a.provinceCode, unitLevel: a.unitLevel === 'province' ? ('province' as const) : ('commune' as const) }] : [];
    }),
    via: 'session',
  };
}

export async function userByEmail(ctx: AppContext, email: string): Promise<Principal | null> {
  const found = (await listUsers(ctx.db, { q: email, limit: 20 })).items.find((u) => u.email === email);
  return found ? principalOf(ctx, found.id, found.name, found.email) : null;
}

let demoHash: Promise<string> | null = null;

async function ensureUser(
  ctx: AppContext,
  email: string,
  name: string,
  opts: { role?: Role; agencyCode?: string; unitCode?: string; phone?: string; address?: string } = {},
): Promise<Principal> {
  const existing = await userByEmail(ctx, email);
  if (existing) return existing;
  const roles: Array<{ role: Role; agencyId: number }> = [];
  if (opts.role && opts.agencyCode) {
    const a = await getAgencyByCode(ctx.db, opts.agencyCode);
    if (!a) throw new Error(`petitions demo seed: agency ${opts.agencyCode} is missing`);
    roles.push({ role: opts.role, agencyId: a.id });
  }
  const id = await insertAccount(
    ctx,
    {
      email,
      name,
      // One hash of the one published demo password (each would cost a full scrypt run).
      password: { hash: await (demoHash ??= hashPassword(DEMO_PASSWORD)) },
      kind: roles.length ? 'official' : 'citizen',
      phone: opts.phone ?? null,
      unitCode: opts.unitCode ?? null,
      address: opts.address ?? null,
      roles,
    },
    { id: null, label: 'demo' },
  );
  return principalOf(ctx, id, name, email);
}

type Step =
  | { action: 'receive' | 'approve' | 'publish' | 'close' }
  | { action: 'assign' }
  | { action: 'draft_answer'; text?: string }
  | { action: 'request_changes'; reason: string }
  | { action: 'direct'; directedTo: string; reason: string }
  | { action: 'forward'; targetAgencyCode: string; reason: string }
  | { action: 'rate'; score: number; comment?: string }
  | { action: 'reopen'; reason: string }
  | { action: 'withdraw'; reason: string }
  | { action: 'merge'; target: string }
  | { action: 'extend'; reason: string };

interface Story {
  template: PetitionTemplate;
  unit: string;
  place: string;
  /** Self-submission by a citizen, or staff entry by an official for a named citizen. */
  by: 'citizen' | 'staff' | 'front';
  citizen?: Principal;
  petitionerName?: string;
  channel?: 'reception_desk' | 'front_gathering' | 'letter' | 'hotline' | 'conference_floor';
  visibility: 'public' | 'private';
  steps: Step[];
  /** Days before now when it was submitted. */
  daysAgo: number;
  /** Key to refer to it from a later story (merge, flags). */
  key?: string;
  kindOverride?: PetitionKind;
  titleOverride?: string;
  contentOverride?: string;
  unitOverride?: string;
}

const fill = (s: string, place: string, commune: string) => s.replaceAll('{place}', place).replaceAll('{commune}', commune);

/**
 * The demo: ~120 petitions across several Sơn La communes (most in phường Chiềng Cơi), in every state, with
 * timelines, answers, ratings, staff entries (reception desk; Front gathering entered by mattran@example.com),
 * a few overdue, one kéo dài, one vượt cấp, forwarded, merged, and two legal-track cases. Runs the real use
 * cases along a moving clock, so timelines, deadlines, audit and notifications are genuine.
 */
export async function seedPetitionsDemo(ctx: AppContext): Promise<void> {
  const already = await ctx.db.selectFrom('petitions').select('id').limit(1).executeTakeFirst();
  if (already) return;
  const coi = '03670';
  const chuyenvien = await userByEmail(ctx, 'chuyenvien@example.com');
  const chutich = await userByEmail(ctx, 'chutich@example.com');
  const congdan = await userByEmail(ctx, 'congdan@example.com');
  const mattran = await userByEmail(ctx, 'mattran@example.com');
  if (!chuyenvien || !chutich || !congdan || !mattran) {
    throw new Error('petitions demo seed: the demo accounts are missing — the accounts module seed must run first');
  }
  const quantri = await userByEmail(ctx, 'quantri@example.com');

  // Officials of a few more communes and of a provincial department, and more citizens.
  const officers = new Map<string, { officer: Principal; head: Principal }>([[coi, { officer: chuyenvien, head: chutich }]]);
  const more: Array<[string, string, string, string]> = [
    ['03646', 'tohieu', 'Tòng Văn Hải', 'Vì Thị Hoa'],
    ['03664', 'chiengan', 'Lò Văn Thành', 'Cầm Thị Dung'],
    ['03721', 'thuanchau', 'Lường Văn Hưng', 'Quàng Văn Toán'],
    ['04105', 'maison', 'Hà Thị Lan', 'Đinh Công Sơn'],
  ];
  for (const [code, slug, officerName, headName] of more) {
    if (!(await getAgencyByCode(ctx.db, `UBND-${code}`))) continue;
    officers.set(code, {
      officer: await ensureUser(ctx, `chuyenvien.${slug}@example.com`, officerName, { role: 'officer', agencyCode: `UBND-${code}` }),
      head: await ensureUser(ctx, `chutich.${slug}@example.com`, headName, { role: 'head', agencyCode: `UBND-${code}` }),
    });
  }
  const sonn = {
    officer: await ensureUser(ctx, 'chuyenvien.sonnmt@example.com', 'Hà Văn Nam', { role: 'officer', agencyCode: 'SNNMT-14' }),
    head: await ensureUser(ctx, 'giamdoc.sonnmt@example.com', 'Bạc Thị Thu', { role: 'head', agencyCode: 'SNNMT-14' }),
  };
  const province = {
    officer: await ensureUser(ctx, 'chuyenvien.ubndtinh@example.com', 'Nguyễn Thị Thanh', { role: 'officer', agencyCode: 'UBND-14' }),
    head: await ensureUser(ctx, 'lanhdao.ubndtinh@example.com', 'Lê Hồng Quân', { role: 'head', agencyCode: 'UBND-14' }),
  };
  const citizens: Principal[] = [congdan];
  const citizenSeeds: Array<[string, string, string]> = [
    ['dan.quangthien@example.com', 'Quàng Thị Én', coi],
    ['dan.lovanpanh@example.com', 'Lò Văn Pánh', coi],
    ['dan.cavanliem@example.com', 'Cà Văn Liêm', coi],
    ['dan.luongxuan@example.com', 'Lường Thị Xuân', '03646'],
    ['dan.tonghac@example.com', 'Tòng Văn Hặc', '03664'],
    ['dan.giangade@example.com', 'Giàng A Dế', '03721'],
    ['dan.nguyenhanh@example.com', 'Nguyễn Thị Hạnh', '04105'],
  ];
  const citizenOf = new Map<string, Principal[]>([[coi, [congdan]]]);
  for (const [email, name, unit] of citizenSeeds) {
    const p = await ensureUser(ctx, email, name, { unitCode: unit });
    citizens.push(p);
    citizenOf.set(unit, [...(citizenOf.get(unit) ?? []), p]);
  }

  const clock = new StoryClock(ctx.clock.now());
  const sctx: AppContext = { ...ctx, clock };
  const now = ctx.clock.now();

  // Answer templates of UBND phường Chiềng Cơi, routing rules at the province.
  const ubndCoi = await findAgency(ctx.db, coi, 'peoples_committee');
  if (ubndCoi) {
    clock.at = new Date(now.getTime() - 300 * DAY);
    for (const t of ANSWER_TEMPLATES) await saveTemplate(sctx, chuyenvien, { agencyId: ubndCoi.id, title: t.title, body: t.body });
  }
  if (quantri) {
    const rules: Array<[string, string]> = [['giao-duc', 'SGDDT-14'], ['y-te', 'SYT-14'], ['dat-dai', 'SNNMT-14'], ['moi-truong', 'SNNMT-14']];
    for (const [cat, agency] of rules) {
      const c = await getCategoryByCode(ctx.db, cat);
      const a = await getAgencyByCode(ctx.db, agency);
      if (c && a) await saveRoute(sctx, quantri, { unitCode: '14', categoryId: c.id, agencyId: a.id, note: 'Kiến nghị gửi cấp tỉnh theo lĩnh vực' }).catch(() => undefined);
    }
  }

  const rand = rng(20260315);
  const pick = <T,>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const stories: Story[] = [];
  const communeWeights: string[] = [coi, coi, coi, coi, coi, coi, '03646', '03664', '03721', '04105', '03679', '03980'];
  const answerPath = (): Step[] => [{ action: 'receive' }, { action: 'assign' }, { action: 'draft_answer' }, { action: 'approve' }, { action: 'publish' }];
  const plan: Array<{ n: number; steps: () => Step[]; days: () => number }> = [
    { n: 12, steps: () => [], days: () => 1 + Math.floor(rand() * 4) },
    { n: 9, steps: () => [{ action: 'receive' }], days: () => 2 + Math.floor(rand() * 5) },
    { n: 11, steps: () => [{ action: 'receive' }, { action: 'assign' }], days: () => 4 + Math.floor(rand() * 6) },
    { n: 6, steps: () => [{ action: 'receive' }, { action: 'assign' }, { action: 'draft_answer' }], days: () => 5 + Math.floor(rand() * 4) },
    { n: 2, steps: () => [{ action: 'receive' }, { action: 'assign' }, { action: 'draft_answer' }, { action: 'request_changes', reason: 'Đề nghị bổ sung thời gian hoàn thành cụ thể và đơn vị chịu trách nhiệm.' }], days: () => 6 },
    { n: 4, steps: () => [{ action: 'receive' }, { action: 'assign' }, { action: 'draft_answer' }, { action: 'approve' }], days: () => 6 + Math.floor(rand() * 3) },
    { n: 24, steps: answerPath, days: () => 8 + Math.floor(rand() * 18) },
    { n: 20, steps: () => [...answerPath(), { action: 'rate', score: [5, 5, 4, 4, 4, 3, 3, 2, 1][Math.floor(rand() * 9)], comment: pick(RATING_COMMENTS) }], days: () => 35 + Math.floor(rand() * 260) },
    { n: 5, steps: answerPath, days: () => 60 + Math.floor(rand() * 200) }, // closed automatically after the period
    { n: 3, steps: () => [...answerPath(), { action: 'reopen', reason: pick(REOPEN_REASONS) }], days: () => 14 + Math.floor(rand() * 8) },
    { n: 3, steps: () => [{ action: 'withdraw', reason: 'Gia đình đã tự thỏa thuận được với hộ liền kề, xin rút đơn.' }], days: () => 10 + Math.floor(rand() * 60) },
    { n: 4, steps: () => [{ action: 'direct', directedTo: 'Công ty Điện lực Sơn La (đường dây nóng 19006769)', reason: 'Nội dung về cấp điện sinh hoạt thuộc trách nhiệm của đơn vị điện lực.' }], days: () => 20 + Math.floor(rand() * 100) },
  ];
  for (const group of plan) {
    for (let i = 0; i < group.n; i++) {
      const unit = pick(communeWeights);
      const places = PLACES[unit] ?? ['trung tâm'];
      const t = pick(TEMPLATES);
      const staffRoll = rand();
      const by: Story['by'] = unit === coi && staffRoll < 0.12 ? 'staff' : unit === coi && staffRoll < 0.22 ? 'front' : 'citizen';
      stories.push({
        template: t,
        unit,
        place: pick(places),
        by,
        citizen: by === 'citizen' ? pick((citizenOf.get(unit) ?? []).filter((c) => c !== congdan).concat(citizenOf.get(unit)?.length === 1 ? citizens.slice(1, 3) : [])) : undefined,
        petitionerName: by !== 'citizen' ? pick(NAMES) : undefined,
        channel: by === 'front' ? 'front_gathering' : by === 'staff' ? pick(['reception_desk', 'reception_desk', 'letter', 'hotline'] as const) : undefined,
        visibility: rand() < 0.85 ? 'public' : 'private',
        steps: group.steps(),
        daysAgo: group.days(),
      });
    }
  }
  // Overdue: accepted or assigned long ago, never answered.
  for (let i = 0; i < 4; i++) {
    const t = TEMPLATES[(i * 5) % TEMPLATES.length];
    stories.push({
      template: t,
      unit: coi,
      place: PLACES[coi][i],
      by: 'citizen',
      citizen: citizens[i % 4],
      visibility: 'public',
      steps: i % 2 ? [{ action: 'receive' }] : [{ action: 'receive' }, { action: 'assign' }],
      daysAgo: 18 + i * 6,
    });
  }
  // Forwarded: one still waiting at the receiving agency, two received and answered there.
  stories.push({
    template: TEMPLATES[16],
    unit: coi,
    place: 'bản Hua La',
    by: 'citizen',
    citizen: citizens[2],
    visibility: 'public',
    titleOverride: 'Ô nhiễm từ cơ sở chế biến đá giáp ranh phường Tô Hiệu',
    contentOverride:
      'Cơ sở nghiền đá nằm trên địa bàn giáp ranh giữa bản Hua La và tổ 7 phường Tô Hiệu hoạt động cả ban đêm, tiếng ồn và bụi đá ảnh hưởng nặng đến hàng chục hộ dân. Đề nghị cơ quan có thẩm quyền kiểm tra giấy phép môi trường và xử lý.',
    steps: [{ action: 'receive' }, { action: 'forward', targetAgencyCode: 'UBND-03646', reason: 'Cơ sở sản xuất nằm trên địa bàn phường Tô Hiệu, thuộc thẩm quyền quản lý của UBND phường Tô Hiệu.' }],
    daysAgo: 2,
  });
  stories.push({
    template: TEMPLATES[17],
    unit: coi,
    place: 'bản Phiêng Ngùa',
    by: 'citizen',
    citizen: citizens[1],
    visibility: 'public',
    steps: [
      { action: 'forward', targetAgencyCode: 'SNNMT-14', reason: 'Nội dung liên quan cấp phép xả thải, thuộc thẩm quyền của Sở Nông nghiệp và Môi trường.' },
      ...answerPath(),
    ],
    daysAgo: 21,
  });

  // Staff entries at the reception desk and Front gatherings (entered by mattran@example.com).
  for (let i = 0; i < 4; i++) {
    stories.push({
      template: TEMPLATES[(i * 3 + 2) % TEMPLATES.length],
      unit: coi,
      place: PLACES[coi][(i + 3) % PLACES[coi].length],
      by: 'front',
      petitionerName: NAMES[(i * 7) % NAMES.length],
      channel: 'front_gathering',
      visibility: 'public',
      steps: i < 2 ? [{ action: 'receive' }, { action: 'assign' }] : [],
      daysAgo: 3 + i * 2,
    });
  }
  stories.push({
    template: TEMPLATES[3],
    unit: coi,
    place: 'bản Nong La',
    by: 'staff',
    petitionerName: 'Lò Văn Xôm',
    channel: 'conference_floor',
    visibility: 'public',
    steps: answerPath(),
    daysAgo: 16,
  });

  // The duplicate that is merged into an earlier petition of the same place and topic.
  stories.push({
    key: 'merge-target',
    template: TEMPLATES[1],
    unit: coi,
    place: 'tổ dân phố 2',
    by: 'citizen',
    citizen: citizens[3],
    visibility: 'public',
    steps: [{ action: 'receive' }, { action: 'assign' }],
    daysAgo: 6,
  });
  for (let i = 0; i < 2; i++) {
    stories.push({
      template: TEMPLATES[1],
      unit: coi,
      place: 'tổ dân phố 2',
      by: 'citizen',
      citizen: citizens[i === 0 ? 2 : 1],
      visibility: 'public',
      steps: [{ action: 'merge', target: 'merge-target' }],
      daysAgo: 5 - i,
    });
  }

  const created = new Map<string, string>();
  const agencyIds = new Map<string, number>();
  const agencyId = async (code: string) => {
    if (!agencyIds.has(code)) agencyIds.set(code, (await getAgencyByCode(ctx.db, code))!.id);
    return agencyIds.get(code)!;
  };

  /** Runs one story along the clock: create, then each step a few (working) hours or days later. */
  const run = async (s: Story): Promise<string | null> => {
    const unit = await getUnit(ctx.db, s.unitOverride ?? s.unit);
    if (!unit) return null;
    const commune = `${unit.kind.toLocaleLowerCase('vi')} ${unit.name}`;
    const cat = await getCategoryByCode(ctx.db, s.template.category);
    const gaps = s.steps.map(() => 0.6 + rand() * 2.2);
    let t = now.getTime() - s.daysAgo * DAY - 3 * HOUR;
    const total = gaps.reduce((a, b) => a + b, 0) * DAY;
    if (t + total > now.getTime() - HOUR) t = now.getTime() - HOUR - total;
    clock.at = new Date(t);
    const input: Record<string, unknown> = {
      kind: s.kindOverride ?? s.template.kind,
      title: s.titleOverride ?? fill(s.template.title, s.place, commune),
      content: s.contentOverride ?? fill(s.template.content, s.place, commune),
      categoryId: cat?.id,
      unitCode: unit.code,
      address: s.place.charAt(0).toUpperCase() + s.place.slice(1),
      visibility: s.visibility,
      peopleCount: s.by === 'front' ? 3 + Math.floor(rand() * 40) : 1 + Math.floor(rand() * 3),
    };
    let actor: Principal;
    if (s.by === 'citizen') actor = s.citizen ?? congdan;
    else {
      actor = s.by === 'front' ? mattran : (officers.get(unit.code)?.officer ?? chuyenvien);
      input.petitioner = { name: s.petitionerName ?? pick(NAMES), phone: `09${Math.floor(10_000_000 + rand() * 89_999_999)}` };
      input.channel = s.channel ?? 'reception_desk';
      input.enteredPlace = s.by === 'front' ? `Hội nghị lấy ý kiến Nhân dân ${s.place}` : 'Trụ sở tiếp công dân phường';
    }
    const { petition } = await createPetition(sctx, actor, input, { source: 'demo', skipRateLimit: true, silent: true });
    let agencyCode = (await getAgencies(ctx.db, [petition.agencyId])).get(petition.agencyId)!.code;
    const staffOf = () => {
      const u = agencyCode.replace(/^UBND-/, '');
      if (agencyCode === 'SNNMT-14') return sonn;
      if (agencyCode === 'UBND-14') return province;
      return officers.get(u) ?? null;
    };
    for (let i = 0; i < s.steps.length; i++) {
      clock.at = new Date(clock.at.getTime() + gaps[i] * DAY);
      const step = s.steps[i];
      const staff = staffOf();
      if (!staff && !['rate', 'reopen', 'withdraw'].includes(step.action)) break;
      const owner = s.citizen ?? congdan;
      switch (step.action) {
        case 'receive':
          await transition(sctx, staff!.officer, petition.id, { action: 'receive', receiptNo: `${Math.floor(10 + rand() * 400)}/TCD` }, { silent: true });
          break;
        case 'assign':
          await transition(sctx, staff!.head, petition.id, { action: 'assign', assigneeId: staff!.officer.id }, { silent: true });
          break;
        case 'draft_answer':
          await transition(sctx, staff!.officer, petition.id, { action: 'draft_answer', answerText: step.text ?? s.template.answer }, { silent: true });
          break;
        case 'request_changes':
          await transition(sctx, staff!.head, petition.id, { action: 'request_changes', reason: step.reason }, { silent: true });
          break;
        case 'approve':
          await transition(sctx, staff!.head, petition.id, { action: 'approve' }, { silent: true });
          break;
        case 'publish':
          await transition(sctx, staff!.officer, petition.id, { action: 'publish' }, { silent: true });
          break;
        case 'close':
          await transition(sctx, staff!.officer, petition.id, { action: 'close' }, { silent: true });
          break;
        case 'direct':
          await transition(sctx, staff!.officer, petition.id, { action: 'direct', directedTo: step.directedTo, reason: step.reason }, { silent: true });
          break;
        case 'forward':
          await transition(sctx, staff!.officer, petition.id, { action: 'forward', targetAgencyId: await agencyId(step.targetAgencyCode), reason: step.reason, docNo: `${Math.floor(10 + rand() * 200)}/UBND-VP` }, { silent: true });
          agencyCode = step.targetAgencyCode;
          break;
        case 'rate':
          if (s.by === 'citizen') await transition(sctx, owner, petition.id, { action: 'rate', score: step.score, comment: step.comment }, { silent: true });
          break;
        case 'reopen':
          if (s.by === 'citizen') await transition(sctx, owner, petition.id, { action: 'reopen', reason: step.reason }, { silent: true });
          break;
        case 'withdraw':
          if (s.by === 'citizen') await transition(sctx, owner, petition.id, { action: 'withdraw', reason: step.reason }, { silent: true });
          else await transition(sctx, staff!.head, petition.id, { action: 'withdraw', reason: step.reason }, { silent: true });
          break;
        case 'merge': {
          const target = created.get(step.target);
          if (target) await transition(sctx, staff!.officer, petition.id, { action: 'merge', targetPetitionId: target, note: 'Trùng nội dung' }, { silent: true });
          break;
        }
        case 'extend':
          await transition(sctx, staff!.head, petition.id, { action: 'extend', reason: step.reason }, { silent: true });
          break;
      }
    }
    if (s.key) created.set(s.key, petition.code);
    return petition.code;
  };

  const safeRun = async (s: Story) => {
    try {
      await run(s);
    } catch (e) {
      ctx.log.warn({ err: e, title: s.titleOverride ?? s.template.title }, 'petitions demo seed: a story failed');
    }
  };
  for (const s of stories.sort((a, b) => b.daysAgo - a.daysAgo)) await safeRun(s);

  // Kéo dài: congdan's landslide at bản Hài — answered, reopened twice, then sent again.
  const landslide = TEMPLATES[0];
  const kd: Story = {
    template: landslide,
    unit: coi,
    place: 'bản Hài',
    by: 'citizen',
    citizen: congdan,
    visibility: 'public',
    steps: [
      ...answerPath(),
      { action: 'reopen', reason: 'Đã hơn một tháng nhưng taluy chưa được gia cố, đất tiếp tục sạt sau mưa.' },
      { action: 'receive' },
      { action: 'assign' },
      { action: 'draft_answer', text: 'UBND đã đề nghị tỉnh bố trí vốn khắc phục khẩn cấp; trong thời gian chờ, đã làm rãnh thoát nước tạm và di dời 3 hộ đến nơi an toàn.' },
      { action: 'approve' },
      { action: 'publish' },
      { action: 'reopen', reason: 'Vẫn chưa có phương án gia cố, bà con chưa thể trở về nhà.' },
    ],
    daysAgo: 75,
  };
  await safeRun(kd);
  // …and the same person writes again about it (flagged kéo dài at submission).
  await safeRun({ ...kd, steps: [], daysAgo: 3, titleOverride: 'Tiếp tục đề nghị gia cố taluy sạt lở tại bản Hài, phường Chiềng Cơi' });

  // Vượt cấp: the same citizen's land-certificate case is still open at the commune; he writes to the province.
  const landTpl = TEMPLATES[5];
  await safeRun({ template: landTpl, unit: coi, place: 'tổ dân phố 3', by: 'citizen', citizen: congdan, visibility: 'private', steps: [{ action: 'receive' }, { action: 'assign' }], daysAgo: 9 });
  await safeRun({ template: landTpl, unit: coi, unitOverride: '14', place: 'tổ dân phố 3', by: 'citizen', citizen: congdan, visibility: 'private', steps: [], daysAgo: 1, titleOverride: 'Đề nghị UBND tỉnh chỉ đạo giải quyết việc chậm cấp giấy chứng nhận quyền sử dụng đất ở tổ dân phố 3, phường Chiềng Cơi' });

  // The legal track: a complaint (khiếu nại) and a denunciation (tố cáo, identity confidential).
  await safeRun({
    template: {
      kind: 'khieu_nai',
      category: 'dat-dai',
      title: 'Khiếu nại quyết định bồi thường khi thu hồi đất làm đường nội thị',
      content:
        'Tôi khiếu nại Quyết định bồi thường, hỗ trợ khi Nhà nước thu hồi 120 m² đất vườn của gia đình tôi tại tổ dân phố 1 để làm đường nội thị: đơn giá bồi thường cây trồng thấp hơn quy định của tỉnh và chưa tính khoản hỗ trợ chuyển đổi nghề. Đề nghị xem xét lại quyết định.',
      answer: '',
    },
    unit: coi,
    place: 'tổ dân phố 1',
    by: 'citizen',
    citizen: congdan,
    visibility: 'private',
    steps: [{ action: 'receive' }, { action: 'assign' }],
    daysAgo: 12,
  });
  await safeRun({
    template: {
      kind: 'to_cao',
      category: 'chinh-sach',
      title: 'Tố cáo việc thu tiền sai quy định khi xét duyệt hỗ trợ nhà ở',
      content:
        'Tôi tố cáo việc một cán bộ bản yêu cầu các hộ được hỗ trợ làm nhà ở theo chương trình xóa nhà tạm nộp mỗi hộ 2 triệu đồng "chi phí làm hồ sơ", không có biên lai. Tôi đề nghị giữ bí mật danh tính vì lo bị trù dập.',
      answer: '',
    },
    unit: coi,
    place: 'bản Cọ',
    by: 'staff',
    petitionerName: 'Người tố cáo (đã xác minh danh tính tại Trụ sở tiếp công dân)',
    channel: 'reception_desk',
    visibility: 'private',
    steps: [{ action: 'receive' }],
    daysAgo: 4,
  });

  // Deadlines as of now: due soon, overdue, escalations; answered long ago → closed automatically.
  await scanDeadlines(ctx);
}

// ---------------------------------------------------------------------------------------------
// The benchmark generator

export interface GenerateOptions {
  /** Rows per INSERT (default 2,000). */
  batch?: number;
  /** Submissions are spread over the `days` before the clock (default 365). */
  days?: number;
  seed?: number;
  /** Also write a timeline (submitted + the last step) and the published answer (default true). */
  timeline?: boolean;
  onProgress?: (done: number) => void;
}

const GEN_STATES: Array<[PetitionState, number]> = [
  ['closed', 38],
  ['answered', 17],
  ['submitted', 10],
  ['received', 7],
  ['assigned', 8],
  ['answer_drafted', 3],
  ['approved', 2],
  ['directed', 5],
  ['forwarded', 3],
  ['reopened', 2],
  ['withdrawn', 3],
  ['merged', 2],
];

/**
 * Inserts `n` realistic petitions FAST for benchmarks: multi-row INSERT … SELECT FROM unnest(arrays) in batches,
 * no per-row audit or notification (rows are marked source = 'generated'), spread over the 75 units of the
 * province and every state, with answers, ratings and a short timeline. Needs the directory's agencies.
 */
export async function generatePetitions(ctx: AppContext, n: number, opts: GenerateOptions = {}): Promise<{ inserted: number }> {
  const rand = rng(opts.seed ?? 42);
  const batch = Math.max(100, Math.min(opts.batch ?? 2000, 10000));
  const days = opts.days ?? 365;
  const now = ctx.clock.now();
  const today = todayInVietnam(now);
  const units = await listUnits(ctx.db, { parent: '14', limit: 5000 });
  const agencyOf = new Map<string, number>();
  for (const u of units) {
    const a = await findAgency(ctx.db, u.code, 'peoples_committee');
    if (a) agencyOf.set(u.code, a.id);
  }
  const communes = units.filter((u) => agencyOf.has(u.code));
  if (!communes.length) throw new Error('generatePetitions: no People’s Committees — load the directory demo first');
  const cats = new Map((await listCategories(ctx.db)).map((c) => [c.code, c.id]));
  const weights = GEN_STATES.flatMap(([s, w]) => Array<PetitionState>(w).fill(s));
  const OPEN = new Set<PetitionState>(['submitted', 'received', 'forwarded', 'assigned', 'answer_drafted', 'approved', 'reopened']);

  let inserted = 0;
  for (let from = 0; from < n; from += batch) {
    const size = Math.min(batch, n - from);
    const cols = {
      code: [] as string[], kind: [] as string[], title: [] as string[], content: [] as string[], category_id: [] as (number | null)[],
      unit_code: [] as string[], address: [] as string[], people_count: [] as number[], channel: [] as string[], visibility: [] as string[],
      petitioner_name: [] as string[], status: [] as string[], agency_id: [] as number[], reply_due: [] as (string | null)[],
      step_due: [] as (string | null)[], due_state: [] as string[], answer_text: [] as (string | null)[], answered_at: [] as (string | null)[],
      answered_on_time: [] as (boolean | null)[], published_at: [] as (string | null)[], rating: [] as (number | null)[],
      rating_comment: [] as (string | null)[], submitted_at: [] as string[], received_at: [] as (string | null)[], closed_at: [] as (string | null)[],
      keo_dai: [] as boolean[], vuot_cap: [] as boolean[], forward_count: [] as number[],
    };
    const lastStep: Array<{ type: string; from: string; to: string; at: string; public: boolean }> = [];
    for (let i = 0; i < size; i++) {
      const u = communes[Math.floor(rand() * communes.length)];
      const t = TEMPLATES[Math.floor(rand() * TEMPLATES.length)];
      const places = PLACES[u.code] ?? [`bản ${['Nà', 'Huổi', 'Phiêng', 'Co', 'Nong'][Math.floor(rand() * 5)]} ${['Lếch', 'Pa', 'Cằm', 'Sản', 'Tra', 'Mòn'][Math.floor(rand() * 6)]}`];
      const place = places[Math.floor(rand() * places.length)];
      const commune = `${u.kind.toLocaleLowerCase('vi')} ${u.name}`;
      const status = weights[Math.floor(rand() * weights.length)];
      const submitted = new Date(now.getTime() - Math.floor(rand() * days * DAY) - HOUR);
      const submittedDay = todayInVietnam(submitted);
      const replyDue = addDays(submittedDay, 14);
      const answered = ['answered', 'closed', 'directed', 'reopened'].includes(status);
      const answeredAt = answered ? new Date(Math.min(submitted.getTime() + (2 + rand() * 16) * DAY, now.getTime() - HOUR)) : null;
      const isPublic = rand() < 0.8;
      const published = answered && status !== 'directed';
      const rating = status === 'closed' && rand() < 0.6 ? 1 + Math.floor(rand() * 5) : null;
      const stepDue = OPEN.has(status) ? addDays(submittedDay, status === 'submitted' || status === 'forwarded' ? 7 : 14) : null;
      cols.code.push(submittedDay.slice(0, 4)); // the year, replaced by the code below
      cols.kind.push(t.kind);
      cols.title.push(fill(t.title, place, commune));
      cols.content.push(fill(t.content, place, commune));
      cols.category_id.push(cats.get(t.category) ?? null);
      cols.unit_code.push(u.code);
      cols.address.push(place);
      cols.people_count.push(1 + Math.floor(rand() * 4));
      cols.channel.push(['web', 'web', 'web', 'reception_desk', 'front_gathering', 'letter', 'api'][Math.floor(rand() * 7)]);
      cols.visibility.push(isPublic ? 'public' : 'private');
      cols.petitioner_name.push(NAMES[Math.floor(rand() * NAMES.length)]);
      cols.status.push(status);
      cols.agency_id.push(agencyOf.get(u.code)!);
      cols.reply_due.push(replyDue);
      cols.step_due.push(stepDue);
      cols.due_state.push(stepDue && stepDue < today ? 'overdue' : 'ok');
      cols.answer_text.push(published ? fill(t.answer, place, commune) : null);
      cols.answered_at.push(answeredAt?.toISOString() ?? null);
      cols.answered_on_time.push(answeredAt ? todayInVietnam(answeredAt) <= replyDue : null);
      cols.published_at.push(published ? answeredAt!.toISOString() : null);
      cols.rating.push(rating);
      cols.rating_comment.push(rating ? RATING_COMMENTS[Math.floor(rand() * RATING_COMMENTS.length)] : null);
      cols.submitted_at.push(submitted.toISOString());
      cols.received_at.push(status === 'submitted' || status === 'forwarded' ? null : new Date(submitted.getTime() + DAY).toISOString());
      cols.closed_at.push(['closed', 'withdrawn', 'merged'].includes(status) ? new Date((answeredAt ?? submitted).getTime() + 3 * DAY).toISOString() : null);
      cols.keo_dai.push(rand() < 0.01);
      cols.vuot_cap.push(rand() < 0.005);
      cols.forward_count.push(status === 'forwarded' ? 1 : 0);
      const last = status === 'closed' ? (rating ? 'rate' : 'close') : status === 'answered' ? 'publish' : status === 'submitted' ? null : status === 'answer_drafted' ? 'draft_answer' : status === 'approved' ? 'approve' : status === 'received' ? 'receive' : status === 'assigned' ? 'assign' : status === 'directed' ? 'direct' : status === 'forwarded' ? 'forward' : status === 'reopened' ? 'reopen' : status === 'withdrawn' ? 'withdraw' : 'merge';
      lastStep.push(last ? { type: last, from: 'submitted', to: status, at: (answeredAt ?? new Date(submitted.getTime() + DAY)).toISOString(), public: !['draft_answer', 'approve'].includes(last) } : { type: '', from: '', to: '', at: '', public: false });
    }
    // Codes: a block of consecutive numbers per year from the year's sequence.
    const perYear = new Map<number, number>();
    for (const y of cols.code) perYear.set(Number(y), (perYear.get(Number(y)) ?? 0) + 1);
    const nextOf = new Map<number, number>();
    for (const [year, count] of perYear) nextOf.set(year, await reserveCodes(ctx.db, CODE_PREFIX.general, year, count));
    cols.code = cols.code.map((y) => {
      const year = Number(y);
      const n = nextOf.get(year)!;
      nextOf.set(year, n + 1);
      return `${CODE_PREFIX.general}-${year}-${String(n).padStart(6, '0')}`;
    });
    const r = await sql<{ id: number; code: string }>`
      insert into petitions (code, kind, track, title, content, category_id, unit_code, province_code, address, people_count, channel, source,
        visibility, confidential, petitioner_name, status, agency_id, reply_due, step_due, due_state, answer_text, answered_at, answered_on_time,
        published_at, rating, rating_comment, submitted_at, received_at, closed_at, keo_dai, vuot_cap, forward_count, created_at, updated_at)
      select code, kind, 'general', title, content, category_id, unit_code, '14', address, people_count, channel, 'generated',
        visibility, false, petitioner_name, status, agency_id, reply_due, step_due, due_state, answer_text, answered_at, answered_on_time,
        published_at, rating, rating_comment, submitted_at, received_at, closed_at, keo_dai, vuot_cap, forward_count, submitted_at, coalesce(closed_at, answered_at, submitted_at)
      from unnest(
        ${cols.code}::text[], ${cols.kind}::text[], ${cols.title}::text[], ${cols.content}::text[], ${cols.category_id}::int[],
        ${cols.unit_code}::text[], ${cols.address}::text[], ${cols.people_count}::int[], ${cols.channel}::text[], ${cols.visibility}::text[],
        ${cols.petitioner_name}::text[], ${cols.status}::text[], ${cols.agency_id}::int[], ${cols.reply_due}::date[], ${cols.step_due}::date[],
        ${cols.due_state}::text[], ${cols.answer_text}::text[], ${cols.answered_at}::timestamptz[], ${cols.answered_on_time}::boolean[],
        ${cols.published_at}::timestamptz[], ${cols.rating}::smallint[], ${cols.rating_comment}::text[], ${cols.submitted_at}::timestamptz[],
        ${cols.received_at}::timestamptz[], ${cols.closed_at}::timestamptz[], ${cols.keo_dai}::boolean[], ${cols.vuot_cap}::boolean[], ${cols.forward_count}::int[]
      ) as t(code, kind, title, content, category_id, unit_code, address, people_count, channel, visibility, petitioner_name, status, agency_id,
        reply_due, step_due, due_state, answer_text, answered_at, answered_on_time, published_at, rating, rating_comment, submitted_at,
        received_at, closed_at, keo_dai, vuot_cap, forward_count)
      returning id, code`.execute(ctx.db);
    if (opts.timeline !== false) {
      const idOf = new Map(r.rows.map((x) => [x.code, Number(x.id)]));
      const ev = { petition_id: [] as number[], type: [] as string[], from_state: [] as (string | null)[], to_state: [] as string[], public: [] as boolean[], at: [] as string[], data: [] as string[] };
      const ans = { petition_id: [] as number[], text: [] as string[], at: [] as string[] };
      for (let i = 0; i < size; i++) {
        const id = idOf.get(cols.code[i])!;
        const agencyData = JSON.stringify({ agencyId: cols.agency_id[i] });
        ev.petition_id.push(id); ev.type.push('submitted'); ev.from_state.push(null); ev.to_state.push('submitted'); ev.public.push(true); ev.at.push(cols.submitted_at[i]); ev.data.push(agencyData);
        const l = lastStep[i];
        if (l.type) {
          ev.petition_id.push(id); ev.type.push(l.type); ev.from_state.push(l.from); ev.to_state.push(l.to); ev.public.push(l.public); ev.at.push(l.at); ev.data.push(agencyData);
        }
        if (cols.published_at[i]) {
          ans.petition_id.push(id); ans.text.push(cols.answer_text[i]!); ans.at.push(cols.published_at[i]!);
        }
      }
      await sql`
        insert into petition_events (petition_id, type, from_state, to_state, actor_id, actor_label, public, note, data, at)
        select petition_id, type, from_state, to_state, null, 'generated', public, null, data::jsonb, at
        from unnest(${ev.petition_id}::int[], ${ev.type}::text[], ${ev.from_state}::text[], ${ev.to_state}::text[], ${ev.public}::boolean[],
          ${ev.data}::text[], ${ev.at}::timestamptz[]) as t(petition_id, type, from_state, to_state, public, data, at)`.execute(ctx.db);
      if (ans.petition_id.length) {
        await sql`
          insert into petition_answers (petition_id, text, drafted_by, drafted_at, doc_no, status, review_note, approved_by, approved_at, published_by, published_at)
          select petition_id, text, null, at, null, 'published', null, null, at, null, at
          from unnest(${ans.petition_id}::int[], ${ans.text}::text[], ${ans.at}::timestamptz[]) as t(petition_id, text, at)`.execute(ctx.db);
      }
    }
    inserted += size;
    opts.onProgress?.(inserted);
  }
  // The generated rows carry past dates, behind the vocabulary's watermark: counted from scratch.
  await refreshVocabulary(ctx.db, { full: true });
  await sql`analyze petitions`.execute(ctx.db);
  forgetPublicResults();
  // Past petitions arrived out of publication order: a provider's index held in this process is rebuilt in order.
  forgetCorpus(ctx.db, publicSearchCorpus);
  return { inserted };
}
