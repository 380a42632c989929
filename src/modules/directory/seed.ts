import type { AppContext } from '../../platform/context';
import type { Executor } from '../../platform/db/types';
import type { AgencyKind } from './model';
import { forgetDirectory, withoutDiacritics } from './service';

/** The petition categories (lĩnh vực) a new installation starts with; administrators edit them. */
export const DEFAULT_CATEGORIES: ReadonlyArray<{ code: string; name: string; nameEn: string }> = [
  { code: 'dat-dai', name: 'Đất đai', nameEn: 'Land' },
  { code: 'moi-truong', name: 'Tài nguyên – Môi trường', nameEn: 'Natural resources and environment' },
  { code: 'xay-dung', name: 'Xây dựng – Đô thị', nameEn: 'Construction and urban affairs' },
  { code: 'giao-thong', name: 'Giao thông', nameEn: 'Transport' },
  { code: 'y-te', name: 'Y tế', nameEn: 'Health' },
  { code: 'giao-duc', name: 'Giáo dục', nameEn: 'Education' },
  { code: 'chinh-sach', name: 'Chính sách xã hội', nameEn: 'Social policy' },
  { code: 'an-ninh', name: 'An ninh – Trật tự', nameEn: 'Security and public order' },
  { code: 'hanh-chinh', name: 'Thủ tục hành chính', nameEn: 'Administrative procedures' },
  { code: 'nong-nghiep', name: 'Nông nghiệp', nameEn: 'Agriculture' },
  { code: 'dien-nuoc', name: 'Điện, nước sinh hoạt', nameEn: 'Electricity and water supply' },
  { code: 'khac', name: 'Khác', nameEn: 'Other' },
];

/** Inserts the default categories (one statement) when there are none yet; idempotent. */
export async function ensureDefaultCategories(db: Executor): Promise<void> {
  const any = await db.selectFrom('categories').select('id').limit(1).executeTakeFirst();
  if (any) return;
  await db
    .insertInto('categories')
    .values(DEFAULT_CATEGORIES.map((c, i) => ({ code: c.code, name: c.name, name_en: c.nameEn, sort: (i + 1) * 10 })))
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  forgetDirectory();
}

const PROVINCE = '14';
const DEMO_COMMUNE = '03670';

type Seed = {
  code: string;
  name: string;
  nameEn: string;
  shortName?: string;
  kind: AgencyKind;
  unit: string;
  parent?: string;
  address?: string;
  phone?: string;
  email?: string;
};

/** Sơn La's provincial agencies, after the 2025 merger of departments. */
const PROVINCIAL: Seed[] = [
  { code: 'TU-14', name: 'Tỉnh ủy Sơn La', nameEn: 'Son La Provincial Party Committee', shortName: 'Tỉnh ủy', kind: 'party_committee', unit: PROVINCE },
  { code: 'UBND-14', name: 'Ủy ban nhân dân tỉnh Sơn La', nameEn: "Son La Provincial People's Committee", shortName: 'UBND tỉnh', kind: 'peoples_committee', unit: PROVINCE },
  { code: 'HDND-14', name: 'Hội đồng nhân dân tỉnh Sơn La', nameEn: "Son La Provincial People's Council", shortName: 'HĐND tỉnh', kind: 'peoples_council', unit: PROVINCE },
  { code: 'MTTQ-14', name: 'Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sơn La', nameEn: 'Vietnam Fatherland Front Committee of Son La Province', shortName: 'Ủy ban MTTQ tỉnh', kind: 'front', unit: PROVINCE },
];

const PROVINCIAL_CHILDREN: Seed[] = [
  { code: 'VP-UBND-14', name: 'Văn phòng Ủy ban nhân dân tỉnh Sơn La', nameEn: "Office of the Son La Provincial People's Committee", shortName: 'Văn phòng UBND tỉnh', kind: 'department', unit: PROVINCE, parent: 'UBND-14' },
  { code: 'TT-14', name: 'Thanh tra tỉnh Sơn La', nameEn: 'Son La Provincial Inspectorate', shortName: 'Thanh tra tỉnh', kind: 'department', unit: PROVINCE, parent: 'UBND-14' },
  { code: 'SNV-14', name: 'Sở Nội vụ tỉnh Sơn La', nameEn: 'Department of Home Affairs', shortName: 'Sở Nội vụ', kind: 'department', unit: PROVINCE, parent: 'UBND-14' },
  { code: 'STC-14', name: 'Sở Tài chính tỉnh Sơn La', nameEn: 'Department of Finance', shortName: 'Sở Tài chính', kind: 'department', unit: PROVINCE, parent: 'UBND-14' },
  { code: 'SXD-14', name: 'Sở Xây dựng tỉnh Sơn La', nameEn: 'Department of Construction', shortName: 'Sở Xây dựng', kind: 'department', unit: PROVINCE, parent: 'UBND-14' },
  { code: 'SNNMT-14', name: 'Sở Nông nghiệp và Môi trường tỉnh Sơn La', nameEn: 'Department of Agriculture and Environment', shortName: 'Sở Nông nghiệp và Môi trường', kind: 'department', unit: PROVINCE, parent: 'UBND-14' },
  { code: 'SKHCN-14', name: 'Sở Khoa học và Công nghệ tỉnh Sơn La', nameEn: 'Department of Science and Technology', shortName: 'Sở Khoa học và Công nghệ', kind: 'department', unit: PROVINCE, parent: 'UBND-14' },
  { code: 'SGDDT-14', name: 'Sở Giáo dục và Đào tạo tỉnh Sơn La', nameEn: 'Department of Education and Training', shortName: 'Sở Giáo dục và Đào tạo', kind: 'department', unit: PROVINCE, parent: 'UBND-14' },
  { code: 'SYT-14', name: 'Sở Y tế tỉnh Sơn La', nameEn: 'Department of Health', shortName: 'Sở Y tế', kind: 'department', unit: PROVINCE, parent: 'UBND-14' },
  { code: 'SVHTTDL-14', name: 'Sở Văn hóa, Thể thao và Du lịch tỉnh Sơn La', nameEn: 'Department of Culture, Sports and Tourism', shortName: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department', unit: PROVINCE, parent: 'UBND-14' },
  { code: 'SCT-14', name: 'Sở Công Thương tỉnh Sơn La', nameEn: 'Department of Industry and Trade', shortName: 'Sở Công Thương', kind: 'department', unit: PROVINCE, parent: 'UBND-14' },
  { code: 'STP-14', name: 'Sở Tư pháp tỉnh Sơn La', nameEn: 'Department of Justice', shortName: 'Sở Tư pháp', kind: 'department', unit: PROVINCE, parent: 'UBND-14' },
  { code: 'SDTTG-14', name: 'Sở Dân tộc và Tôn giáo tỉnh Sơn La', nameEn: 'Department of Ethnic Minorities and Religions', shortName: 'Sở Dân tộc và Tôn giáo', kind: 'department', unit: PROVINCE, parent: 'UBND-14' },
  { code: 'CA-14', name: 'Công an tỉnh Sơn La', nameEn: 'Son La Provincial Police', shortName: 'Công an tỉnh', kind: 'department', unit: PROVINCE, parent: 'UBND-14' },
];

/** Under the provincial Office: the citizen-reception board. */
const PROVINCIAL_GRANDCHILDREN: Seed[] = [
  { code: 'BTCD-14', name: 'Ban Tiếp công dân tỉnh Sơn La', nameEn: 'Son La Provincial Citizen Reception Board', shortName: 'Ban Tiếp công dân tỉnh', kind: 'department', unit: PROVINCE, parent: 'VP-UBND-14' },
];

/** The four bodies every commune has, named after the unit's kind in lower case ("phường Chiềng Cơi"). */
function communeAgencies(u: { code: string; name: string; nameEn: string; kind: string; kindEn: string }): Seed[] {
  const place = `${u.kind.toLocaleLowerCase('vi')} ${u.name}`;
  const placeEn = `${withoutDiacritics(u.nameEn)} ${u.kindEn}`;
  return [
    { code: `DU-${u.code}`, name: `Đảng ủy ${place}`, nameEn: `Party Committee of ${placeEn}`, kind: 'party_committee', unit: u.code, parent: 'TU-14' },
    { code: `UBND-${u.code}`, name: `Ủy ban nhân dân ${place}`, nameEn: `People's Committee of ${placeEn}`, shortName: `UBND ${place}`, kind: 'peoples_committee', unit: u.code, parent: 'UBND-14' },
    { code: `HDND-${u.code}`, name: `Hội đồng nhân dân ${place}`, nameEn: `People's Council of ${placeEn}`, shortName: `HĐND ${place}`, kind: 'peoples_council', unit: u.code, parent: 'HDND-14' },
    { code: `MTTQ-${u.code}`, name: `Ủy ban Mặt trận Tổ quốc Việt Nam ${place}`, nameEn: `Vietnam Fatherland Front Committee of ${placeEn}`, shortName: `Ủy ban MTTQ ${place}`, kind: 'front', unit: u.code, parent: 'MTTQ-14' },
  ];
}

/** The socio-political organisations under the commune's Front (since 1/7/2025) and its People's Inspection Board. */
function frontMembers(u: { code: string; name: string; nameEn: string; kind: string; kindEn: string }): Seed[] {
  const place = `${u.kind.toLocaleLowerCase('vi')} ${u.name}`;
  const placeEn = `${withoutDiacritics(u.nameEn)} ${u.kindEn}`;
  const parent = `MTTQ-${u.code}`;
  return [
    { code: `HND-${u.code}`, name: `Hội Nông dân ${place}`, nameEn: `Farmers' Union of ${placeEn}`, kind: 'mass_org', unit: u.code, parent },
    { code: `HLHPN-${u.code}`, name: `Hội Liên hiệp Phụ nữ ${place}`, nameEn: `Women's Union of ${placeEn}`, kind: 'mass_org', unit: u.code, parent },
    { code: `DTN-${u.code}`, name: `Đoàn Thanh niên Cộng sản Hồ Chí Minh ${place}`, nameEn: `Ho Chi Minh Communist Youth Union of ${placeEn}`, shortName: `Đoàn Thanh niên ${place}`, kind: 'mass_org', unit: u.code, parent },
    { code: `HCCB-${u.code}`, name: `Hội Cựu chiến binh ${place}`, nameEn: `Veterans' Association of ${placeEn}`, kind: 'mass_org', unit: u.code, parent },
    { code: `CD-${u.code}`, name: `Công đoàn ${place}`, nameEn: `Trade Union of ${placeEn}`, kind: 'mass_org', unit: u.code, parent },
    { code: `TTND-${u.code}`, name: `Ban Thanh tra nhân dân ${place}`, nameEn: `People's Inspection Board of ${placeEn}`, kind: 'inspection_board', unit: u.code, parent },
  ];
}

/** A few villages (tổ dân phố, bản) of phường Chiềng Cơi. */
const DEMO_VILLAGES: Array<{ name: string; nameEn: string; kind: string; kindEn: string; fullName: string; fullNameEn: string }> = [
  { name: '1', nameEn: '1', kind: 'Tổ dân phố', kindEn: 'Residential group', fullName: 'Tổ dân phố 1', fullNameEn: 'Residential Group 1' },
  { name: '2', nameEn: '2', kind: 'Tổ dân phố', kindEn: 'Residential group', fullName: 'Tổ dân phố 2', fullNameEn: 'Residential Group 2' },
  { name: '3', nameEn: '3', kind: 'Tổ dân phố', kindEn: 'Residential group', fullName: 'Tổ dân phố 3', fullNameEn: 'Residential Group 3' },
  { name: 'Hài', nameEn: 'Hai', kind: 'Bản', kindEn: 'Village', fullName: 'Bản Hài', fullNameEn: 'Hai Village' },
  { name: 'Cọ', nameEn: 'Co', kind: 'Bản', kindEn: 'Village', fullName: 'Bản Cọ', fullNameEn: 'Co Village' },
  { name: 'Hua La', nameEn: 'Hua La', kind: 'Bản', kindEn: 'Village', fullName: 'Bản Hua La', fullNameEn: 'Hua La Village' },
];

async function insertAgencies(tx: Executor, seeds: Seed[], ids: Map<string, number>): Promise<void> {
  if (!seeds.length) return;
  const rows = await tx
    .insertInto('agencies')
    .values(
      seeds.map((s) => ({
        code: s.code,
        name: s.name,
        name_en: s.nameEn,
        short_name: s.shortName ?? null,
        kind: s.kind,
        unit_code: s.unit,
        parent_id: s.parent ? (ids.get(s.parent) ?? null) : null,
        email: s.email ?? null,
        phone: s.phone ?? null,
        address: s.address ?? null,
      })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .returning(['id', 'code'])
    .execute();
  for (const r of rows) ids.set(r.code, r.id);
}

/**
 * The demo province's directory: Sơn La's provincial bodies and departments, the four bodies of each of
 * its 75 communes, the Front's member organisations and a few villages in phường Chiềng Cơi, and the
 * default categories. A handful of multi-row statements in one transaction.
 */
export async function seedDirectoryDemo(ctx: Pick<AppContext, 'db'>): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await ensureDefaultCategories(tx);
    const communes = await tx
      .selectFrom('units')
      .select(['code', 'name', 'name_en as nameEn', 'kind', 'kind_en as kindEn'])
      .where('parent_code', '=', PROVINCE)
      .where('level', '=', 'commune')
      .orderBy('sort')
      .execute();
    const coi = communes.find((c) => c.code === DEMO_COMMUNE);

    await tx
      .insertInto('units')
      .values(
        DEMO_VILLAGES.map((v, i) => ({
          code: `${DEMO_COMMUNE}-${String(i + 1).padStart(3, '0')}`,
          name: v.name,
          name_en: v.nameEn,
          full_name: v.fullName,
          full_name_en: v.fullNameEn,
          kind: v.kind,
          kind_en: v.kindEn,
          level: 'village' as const,
          parent_code: DEMO_COMMUNE,
          province_code: PROVINCE,
          sort: i + 1,
        })),
      )
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();

    const ids = new Map<string, number>();
    // Codes of rows that already exist (a re-run) resolve too.
    const known = await tx.selectFrom('agencies').select(['id', 'code']).execute();
    for (const r of known) ids.set(r.code, r.id);
    await insertAgencies(tx, PROVINCIAL, ids);
    await insertAgencies(tx, PROVINCIAL_CHILDREN, ids);
    await insertAgencies(tx, PROVINCIAL_GRANDCHILDREN, ids);
    await insertAgencies(tx, communes.flatMap(communeAgencies), ids);
    if (coi) await insertAgencies(tx, frontMembers(coi), ids);
  });
  forgetDirectory();
}
