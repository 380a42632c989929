import type { Config } from '../config';
import type { Clock } from './clock';
import type { Db } from './db/types';
import type { DatabaseKind } from './db/database';
import type { Mailer } from './mail/mailer';
import type { Logger } from './logger';
import type { ModuleManifest } from './module';
import type { EventBus } from './events/bus';

/** What every use case, job and route can reach: the platform's services, never a module's tables. */
export interface AppContext {
  config: Config;
  db: Db;
  dbKind: DatabaseKind;
  clock: Clock;
  mailer: Mailer;
  log: Logger;
  /** Events to every process on every server sharing the database (LISTEN/NOTIFY): platform/events. */
  events: EventBus;
  /** Every registered module, for what is generic over them (site search, statistics, open data). */
  modules: readonly ModuleManifest[];
}
