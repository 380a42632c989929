import type { AppContext } from '../../platform/context';
import type { Role } from '../../platform/access/principal';
import { getAgencyByCode } from '../directory/service';
import { hashPassword } from './password';
import { insertAccount } from './service';

/** The password of every demo account (README, the login page's hint in the demo, e2e tests). */
export const DEMO_PASSWORD = 'DoiThoai@2026';

interface DemoAccount {
  email: string;
  name: string;
  kind: 'citizen' | 'official';
  phone?: string;
  unitCode?: string;
  address?: string;
  role?: { role: Role; agency: string };
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'quantri@example.com', name: 'Hoàng Minh Tuấn', kind: 'official', role: { role: 'admin', agency: 'UBND-14' } },
  {
    email: 'congdan@example.com',
    name: 'Nguyễn Văn An',
    kind: 'citizen',
    phone: '0912345678',
    unitCode: '03670',
    address: 'Tổ 5, phường Chiềng Cơi',
  },
  { email: 'mattran@example.com', name: 'Lò Thị Hương', kind: 'official', role: { role: 'front_officer', agency: 'MTTQ-03670' } },
  { email: 'chuyenvien@example.com', name: 'Cầm Văn Dũng', kind: 'official', role: { role: 'officer', agency: 'UBND-03670' } },
  { email: 'chutich@example.com', name: 'Lường Văn Thắng', kind: 'official', role: { role: 'head', agency: 'UBND-03670' } },
  { email: 'bithu@example.com', name: 'Quàng Thị Mai', kind: 'official', role: { role: 'head', agency: 'DU-03670' } },
  { email: 'sonla@example.com', name: 'Đinh Thị Lan', kind: 'official', role: { role: 'supervisor', agency: 'VP-UBND-14' } },
];

/** The demo accounts (after the directory's demo seed, which creates their agencies). */
export async function seedAccounts(ctx: AppContext): Promise<void> {
  const agencies = new Map<string, number>();
  for (const code of new Set(DEMO_ACCOUNTS.flatMap((a) => (a.role ? [a.role.agency] : [])))) {
    const agency = await getAgencyByCode(ctx.db, code);
    if (!agency) {
      throw new Error(`accounts demo seed: agency ${code} is missing — the directory module's demo seed must run first and create it`);
    }
    agencies.set(code, agency.id);
  }
  const actor = { id: null, label: 'demo' };
  // One hash for the one shared, published password (each would cost a full scrypt run).
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const a of DEMO_ACCOUNTS) {
    await insertAccount(
      ctx,
      {
        email: a.email,
        phone: a.phone ?? null,
        name: a.name,
        password: { hash },
        kind: a.kind,
        unitCode: a.unitCode ?? null,
        address: a.address ?? null,
        roles: a.role ? [{ role: a.role.role, agencyId: agencies.get(a.role.agency)! }] : [],
      },
      actor,
    );
  }
}
