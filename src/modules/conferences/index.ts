import type { ModuleManifest } from '../../platform/module';
import { migrations } from './migrations';
import { vi, en } from './messages';
import { SETTING_DEFS } from './settings';
import { PERMISSIONS, isOrganiser } from './policy';
import { STATISTICS } from './stats';
import { JOBS, RECURRING } from './jobs';
import { conferenceApi } from './api';
import { conferenceOpenApi } from './openapi';
import { conferencePages } from './pages';
import { seedConferencesDemo } from './seed';
import { listPublic, liveHub } from './service';

/**
 * Dialogue conferences (hội nghị đối thoại): yearly plans, notice, registration and questions, the live session,
 * minutes and conclusion notice, results and the report to the level above. See README.md.
 */
export const conferencesModule: ModuleManifest = {
  name: 'conferences',
  migrations,
  messages: { vi, en },
  settings: SETTING_DEFS,
  permissions: PERMISSIONS,
  statistics: STATISTICS,
  jobs: JOBS,
  recurring: RECURRING,
  openapi: conferenceOpenApi,
  nav: [
    { href: '/hoi-nghi', label: 'nav.conferences', order: 20 },
    { href: '/hoi-nghi/cua-toi', label: 'nav.conferencesMine', order: 21, visible: (p) => !!p && p.kind === 'citizen' },
    { href: '/can-bo/hoi-nghi', label: 'nav.conferencesOfficer', order: 22, visible: (p) => isOrganiser(p) },
  ],
  search: {
    label: 'conferences.search.label',
    async search(ctx, q, { limit }) {
      const [up, past] = await Promise.all([listPublic(ctx, { when: 'upcoming', q, limit }), listPublic(ctx, { when: 'past', q, limit })]);
      return [...up.items, ...past.items].slice(0, limit).map((c) => ({ title: c.title, href: `/hoi-nghi/${c.id}`, snippet: `${c.unitName}${c.venue ? ` — ${c.venue}` : ''}`, date: c.startsAt }));
    },
  },
  async routes(app, ctx) {
    app.addHook('onClose', async () => liveHub(ctx).close());
    await conferenceApi(app, ctx);
    await conferencePages(app, ctx);
  },
  seedDemo: seedConferencesDemo,
};
