import type { Permission } from '../../platform/module';
import { isAdmin } from '../../platform/access/principal';

/** The holiday and swap-day table is administered system-wide (adminOnly, the service's checks). */
export const CALENDAR_PERMISSIONS: Permission[] = [
  { action: 'calendar.day.manage', label: 'calendar.permission.manage', check: (p) => isAdmin(p), expect: { admin: 'any' } },
];
