import type { ModuleManifest } from '../platform/module';
import { homeModule } from './home';
import { directoryModule } from './directory';
import { calendarModule } from './calendar';
import { accountsModule } from './accounts';
import { notificationsModule } from './notifications';
import { commentsModule } from './comments';
import { newsModule } from './news';
import { disclosureModule } from './disclosure';
import { petitionsModule } from './petitions';
import { consolidationModule } from './consolidation';
import { commitmentsModule } from './commitments';
import { conferencesModule } from './conferences';
import { reportsModule } from './reports';

/** Every module of the product, in the order their migrations, demo seeds and menus apply. */
export const modules: ModuleManifest[] = [
  homeModule,
  directoryModule,
  calendarModule,
  accountsModule,
  notificationsModule,
  commentsModule,
  newsModule,
  disclosureModule,
  petitionsModule,
  consolidationModule,
  commitmentsModule,
  conferencesModule,
  reportsModule,
];
