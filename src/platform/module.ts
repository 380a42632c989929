import type { FastifyInstance } from 'fastify';
import type { Migration } from 'kysely';
import type { AppContext } from './context';
import type { JobHandler, RecurringJob } from './jobs/jobs';
import type { SettingDef } from './settings/settings';
import type { Principal } from './access/principal';
import type { Translate } from './i18n/i18n';
import type { Db } from './db/types';

export interface NavItem {
  href: string;
  /** Message key of the label. */
  label: string;
  /** Lower comes first. */
  order: number;
  visible?: (p: Principal | null) => boolean;
  /** Shown in the admin menu instead of the main navigation. */
  admin?: boolean;
}

/** One headline number for dashboards and reports, which then need not know the module. */
export interface Statistic {
  key: string;
  label: string;
  compute: (db: Db, scope: { unitCode?: string; from?: Date; to?: Date }) => Promise<number>;
}

/** A module's search results for the site-wide search page. */
export interface SearchProvider {
  label: string;
  search: (
    ctx: AppContext,
    q: string,
    opts: { limit: number; principal: Principal | null },
  ) => Promise<Array<{ title: string; href: string; snippet: string; date?: Date | string | null }>>;
}

export interface OpenApiFragment {
  paths?: Record<string, unknown>;
  schemas?: Record<string, unknown>;
  tags?: Array<{ name: string; description?: string }>;
}

/**
 * What a module tells the core (as Decidim's register_component does): everything the core,
 * search, dashboards, the demo and the scheduler need to know, in one place.
 */
export interface ModuleManifest {
  name: string;
  migrations?: Record<string, Migration>;
  messages?: { vi: Record<string, string>; en: Record<string, string> };
  settings?: SettingDef[];
  /** Pages and API routes, registered in their own encapsulated Fastify scope. */
  routes?: (app: FastifyInstance, ctx: AppContext) => Promise<void> | void;
  nav?: NavItem[];
  openapi?: OpenApiFragment;
  search?: SearchProvider;
  statistics?: Statistic[];
  jobs?: Record<string, JobHandler>;
  recurring?: RecurringJob[];
  /** Loads the module's part of the demo province into an empty database. */
  seedDemo?: (ctx: AppContext) => Promise<void>;
  /** Resolves who is calling (only the accounts module provides this). */
  authenticate?: (ctx: AppContext, req: import('fastify').FastifyRequest) => Promise<Principal | null>;
  /** Blocks of the home page (latest answers, open consultations, news…), in `order`. */
  homeBlocks?: Array<{
    order: number;
    render: (req: import('fastify').FastifyRequest, ctx: AppContext) => Promise<import('preact').VNode<any> | null>;
  }>;
  /** Runs at every start, after migrations: idempotent loading of reference data (e.g. units). */
  bootstrap?: (ctx: AppContext) => Promise<void>;
}

export type { Translate };
