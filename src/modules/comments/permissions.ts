import type { Permission } from '../../platform/module';
import { mayAdministerComments, mayModerateAt, mayPostAsAgency } from './policy';

export const COMMENT_PERMISSIONS: Permission[] = [
  {
    action: 'comments.comment.postAsAgency',
    label: 'comments.permission.postAsAgency',
    check: (p, t) => mayPostAsAgency(p, t.agencyId),
    expect: { officer: 'own', head: 'own', front_officer: 'own', supervisor: 'own', admin: 'own' },
  },
  {
    action: 'comments.comment.moderate',
    label: 'comments.permission.moderate',
    check: (p, t) => mayModerateAt(p, t.agencyId),
    expect: { officer: 'own', head: 'own', admin: 'any' },
  },
  {
    action: 'comments.words.manage',
    label: 'comments.permission.words',
    check: (p) => mayAdministerComments(p),
    expect: { admin: 'any' },
  },
];
