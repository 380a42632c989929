import type { Permission } from '../../platform/module';
import { mayEditFor } from './policy';

export const NEWS_PERMISSIONS: Permission[] = [
  {
    action: 'news.article.edit',
    label: 'news.permission.edit',
    check: (p, t) => mayEditFor(p, t.agencyId),
    expect: { officer: 'own', head: 'own', admin: 'any' },
  },
];
