import type { Permission } from '../../platform/module';
import { isAdmin } from '../../platform/access/principal';

/** Accounts are administered system-wide (isAdmin, as pageAdmin and the service's checks read it). */
export const ACCOUNT_PERMISSIONS: Permission[] = [
  { action: 'accounts.user.manage', label: 'accounts.permission.manage', check: (p) => isAdmin(p), expect: { admin: 'any' } },
];
