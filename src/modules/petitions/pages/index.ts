import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/context';
import type { NavItem } from '../../../platform/module';
import type { SettingDef } from '../../../platform/settings/settings';
import { isOfficial } from '../policy';
import { vi, en } from './messages';
import { publicPages } from './public';
import { citizenPages } from './citizen';
import { detailPages } from './detail';
import { officerPages } from './officer';
import { TILE_SETTING } from './helpers';

/** The petition pages (public, citizen, officer), registered in the petitions module's route scope. */
export async function petitionPages(app: FastifyInstance, ctx: AppContext) {
  await publicPages(app, ctx);
  await citizenPages(app, ctx);
  await officerPages(app, ctx);
  await detailPages(app, ctx);
}

export const pageMessages = { vi, en };

export const pageNav: NavItem[] = [
  { href: '/kien-nghi', label: 'nav.petitions', order: 10 },
  { href: '/kien-nghi/gui', label: 'nav.petitionsSubmit', order: 11, visible: (p) => !p || p.kind === 'citizen' },
  { href: '/kien-nghi/cua-toi', label: 'nav.petitionsMine', order: 12, visible: (p) => !!p && p.kind === 'citizen' },
  { href: '/can-bo/kien-nghi', label: 'nav.petitionsInbox', order: 13, visible: (p) => isOfficial(p) },
  { href: '/tra-cuu', label: 'nav.petitionsTrack', order: 14 },
];

/** A setting of the pages: the background map tiles of the pin picker (none reachable by default). */
export const pageSettings: SettingDef[] = [
  { key: TILE_SETTING, type: 'text', default: '', group: 'petitions.settings.group', label: 'petitions.setting.map.tileUrl' },
];
