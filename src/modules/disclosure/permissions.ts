import type { Permission } from '../../platform/module';
import { canManageDocument } from './policy';

export const DISCLOSURE_PERMISSIONS: Permission[] = [
  {
    action: 'disclosure.document.manage',
    label: 'disclosure.permission.manage',
    check: (p, t) => canManageDocument(p, { agencyId: t.agencyId ?? 0, unitCode: t.unitCode, unitProvinceCode: t.provinceCode }),
    expect: { officer: 'own', head: 'own', admin: 'subtree' },
  },
];
