import type { Permission } from '../../platform/module';
import { isAdmin } from '../../platform/access/principal';

/** The directory (agencies, categories, villages) is administered system-wide (adminOnly, the service's checks). */
export const DIRECTORY_PERMISSIONS: Permission[] = [
  { action: 'directory.agency.manage', label: 'directory.permission.manage', check: (p) => isAdmin(p), expect: { admin: 'any' } },
];
