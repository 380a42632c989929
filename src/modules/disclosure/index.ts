import { sql } from 'kysely';
import { setPeriod } from '../../platform/http/validate';
import { DISCLOSURE_PERMISSIONS } from './permissions';
import type { CommentTargetDef, ModuleManifest, StatisticScope } from '../../platform/module';
import type { Executor } from '../../platform/db/types';
import type { FileAccessCheck } from '../../platform/files/files';
import { searchTerms } from '../../platform/text/text';
import { migrations } from './migrations';
import { vi, en } from './messages';
import { disclosureRoutes } from './routes';
import { openapi } from './openapi';
import { disclosedDocumentsDataset } from './exports';
import { seedDisclosureDemo } from './seed';
import { openConsultationsBlock } from './views/home-block';
import { COMMENT_TARGET } from './model';
import { canManageDocument, isIssuer } from './policy';
import { SETTINGS, getDocument, listDocuments, scopeUnits, today } from './service';
import { getConsultation, phaseOf, runConsultationSchedule, sectionKey } from './consultation';

const group = 'disclosure.settings.group';

// A consultation's comments: open during its window only; sections of the document to comment on.
const consultationComments: CommentTargetDef = {
  async canComment(ctx, _p, id) {
    const doc = await getDocument(ctx.db, id);
    if (!doc || doc.status !== 'published') return false;
    const c = await getConsultation(ctx.db, id);
    if (!c) return false;
    const phase = phaseOf(c, today(ctx));
    if (phase === 'open') return true;
    return phase === 'scheduled' ? 'consultation.comments.notYet' : 'consultation.comments.closed';
  },
  link: (id) => `/cong-khai/${id}`,
  async title(db, id) {
    const doc = await getDocument(db, id);
    if (!doc || doc.status === 'draft') return null;
    return (await getConsultation(db, id)) ? doc.title : null;
  },
  async scope(db, id) {
    const doc = await getDocument(db, id);
    return { unitCode: doc?.unitCode ?? null, agencyId: doc?.agencyId ?? null };
  },
  async sections(db, id) {
    const c = await getConsultation(db, id);
    return (c?.sections ?? []).map((s) => ({ key: sectionKey(s.id), label: `${s.position}. ${s.title}` }));
  },
};

// A disclosed document without a consultation: ordinary comments while it is published.
const documentComments: CommentTargetDef = {
  async canComment(ctx, _p, id) {
    const doc = await getDocument(ctx.db, id);
    if (!doc || doc.status !== 'published') return false;
    return !(await getConsultation(ctx.db, id));
  },
  link: (id) => `/cong-khai/${id}`,
  async title(db, id) {
    const doc = await getDocument(db, id);
    return doc && doc.status !== 'draft' ? doc.title : null;
  },
  async scope(db, id) {
    const doc = await getDocument(db, id);
    return { unitCode: doc?.unitCode ?? null, agencyId: doc?.agencyId ?? null };
  },
};

// Files of a draft or withdrawn document: only those who manage it (published ones are public).
const documentFileAccess: FileAccessCheck = async (ctx, p, _fileId, entityId) => {
  const doc = await getDocument(ctx.db, Number(entityId));
  return !!doc && canManageDocument(p, doc);
};

async function countPublished(db: Executor, scope: StatisticScope): Promise<number> {
  let q = db.selectFrom('documents').select(sql<number>`count(*)::int`.as('n')).where('status', 'in', ['published', 'withdrawn']);
  if (scope.unitCode) q = q.where('unit_code', 'in', await scopeUnits(db, scope.unitCode));
  if (scope.agencyId) q = q.where('agency_id', '=', scope.agencyId);
  if (scope.from) q = q.where('published_at', '>=', scope.from);
  if (scope.to) q = q.where('published_at', '<', scope.to);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

const statGroup = 'disclosure.stat.group';
/**
 * The library listing exactly what a number counts: the unit (a province: its own and its communes'), the agency,
 * withdrawn documents too, and the period over the date the number counts by, as inclusive civil days of Vietnam.
 */
const libraryLink = (dated: 'published' | 'consultation' | 'report') => (scope: StatisticScope) => {
  const q = new URLSearchParams({ withdrawn: '1' });
  if (dated !== 'published') q.set('dated', dated);
  if (scope.unitCode) q.set('unit', scope.unitCode);
  if (scope.agencyId) q.set('agency', String(scope.agencyId));
  setPeriod(q, scope);
  return `/cong-khai?${q}`;
};

export const disclosureModule: ModuleManifest = {
  name: 'disclosure',
  permissions: DISCLOSURE_PERMISSIONS,
  migrations,
  messages: { vi, en },
  settings: [
    { key: SETTINGS.minPostingDays, type: 'int', default: 30, min: 1, max: 3650, label: 'disclosure.settings.minPostingDays', help: 'disclosure.settings.minPostingDaysHelp', group },
    { key: SETTINGS.consultationMinDays, type: 'int', default: 20, min: 1, max: 365, label: 'consultation.settings.minDays', help: 'consultation.settings.minDaysHelp', group },
    { key: SETTINGS.reminderDays, type: 'int', default: 3, min: 0, max: 60, label: 'consultation.settings.reminderDays', group },
    { key: SETTINGS.maxFileMb, type: 'int', default: 10, min: 1, max: 10, label: 'disclosure.settings.maxFileMb', group },
    { key: SETTINGS.maxMapKb, type: 'int', default: 1024, min: 10, max: 8192, label: 'disclosure.settings.maxMapKb', group },
    { key: SETTINGS.tileUrl, type: 'text', default: '', label: 'disclosure.settings.tileUrl', help: 'disclosure.settings.tileUrlHelp', group },
  ],
  routes: disclosureRoutes,
  nav: [
    { href: '/cong-khai', label: 'nav.disclosure', order: 30 },
    { href: '/can-bo/cong-khai', label: 'nav.disclosureOfficer', order: 38, visible: isIssuer },
    { href: '/quan-tri/cong-khai/linh-vuc', label: 'nav.disclosureCategories', order: 35, admin: true, visible: (p) => !!p && p.roles.some((g) => g.role === 'admin') },
  ],
  openapi,
  exports: [disclosedDocumentsDataset],
  search: {
    label: 'disclosure.search.label',
    async search(ctx, q, { limit }) {
      if (!searchTerms(q).length) return [];
      const list = await listDocuments(ctx, { q, limit });
      return list.items.map((d) => ({ title: d.title, href: `/cong-khai/${d.id}`, snippet: d.summary.slice(0, 240), date: d.postedFrom ?? d.issuedOn }));
    },
  },
  statistics: [
    { key: 'disclosure.published', label: 'disclosure.stat.published', group: statGroup, filters: ['agency'], compute: countPublished, link: libraryLink('published'), higherIsBetter: true },
    {
      key: 'disclosure.consultations',
      label: 'disclosure.stat.consultations',
      group: statGroup,
      filters: ['agency'],
      link: libraryLink('consultation'),
      higherIsBetter: true,
      async compute(db, scope) {
        let q = db.selectFrom('consultations as k').innerJoin('documents as d', 'd.id', 'k.document_id').select(sql<number>`count(*)::int`.as('n'));
        if (scope.unitCode) q = q.where('d.unit_code', 'in', await scopeUnits(db, scope.unitCode));
        if (scope.agencyId) q = q.where('d.agency_id', '=', scope.agencyId);
        if (scope.from) q = q.where('k.created_at', '>=', scope.from);
        if (scope.to) q = q.where('k.created_at', '<', scope.to);
        return Number((await q.executeTakeFirstOrThrow()).n);
      },
    },
    {
      key: 'disclosure.reports',
      label: 'disclosure.stat.reports',
      group: statGroup,
      filters: ['agency'],
      link: libraryLink('report'),
      higherIsBetter: true,
      async compute(db, scope) {
        let q = db
          .selectFrom('consultations as k')
          .innerJoin('documents as d', 'd.id', 'k.document_id')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('k.report_published_at', 'is not', null);
        if (scope.unitCode) q = q.where('d.unit_code', 'in', await scopeUnits(db, scope.unitCode));
        if (scope.agencyId) q = q.where('d.agency_id', '=', scope.agencyId);
        if (scope.from) q = q.where('k.report_published_at', '>=', scope.from);
        if (scope.to) q = q.where('k.report_published_at', '<', scope.to);
        return Number((await q.executeTakeFirstOrThrow()).n);
      },
    },
  ],
  recurring: [
    {
      name: 'disclosure.consultations',
      everyMinutes: 30,
      async run(ctx) {
        await runConsultationSchedule(ctx);
      },
    },
  ],
  homeBlocks: [{ order: 30, render: (req, ctx) => openConsultationsBlock(req, ctx) }],
  commentTargets: { [COMMENT_TARGET]: consultationComments, document: documentComments },
  fileAccess: { document: documentFileAccess },
  seedDemo: seedDisclosureDemo,
};
