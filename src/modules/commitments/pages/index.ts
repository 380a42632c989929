import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/context';
import type { NavItem } from '../../../platform/module';
import { commitmentPages } from './commitments';
import { receptionPages } from './reception';
import { vi, en } from './messages';

export async function pages(app: FastifyInstance, ctx: AppContext) {
  await commitmentPages(app, ctx);
  await receptionPages(app, ctx);
}

export const pageMessages = { vi, en };

const official = (p: Parameters<NonNullable<NavItem['visible']>>[0]) => !!p && p.roles.some((g) => ['officer', 'head', 'front_officer', 'supervisor', 'admin'].includes(g.role));

export const pageNav: NavItem[] = [
  { href: '/cam-ket', label: 'commitments.nav.public', order: 30 },
  { href: '/cam-ket/cua-toi', label: 'commitments.page.mine.title', order: 31, visible: (p) => !!p && p.kind === 'citizen' },
  { href: '/can-bo/cam-ket', label: 'commitments.nav.officer', order: 32, visible: official },
];
