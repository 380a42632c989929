import type { SearchCorpus } from './search/provider';
import type { FastifyInstance } from 'fastify';
import type { Migration } from 'kysely';
import type { AppContext } from './context';
import type { JobHandler, RecurringJob } from './jobs/jobs';
import type { SettingDef } from './settings/settings';
import type { Principal } from './access/principal';
import type { Translate } from './i18n/i18n';
import type { Db, Executor } from './db/types';
import { registerFileAccess, type FileAccessCheck } from './files/files';

export interface NavItem {
  href: string;
  /** Message key of the label. */
  label: string;
  /** Lower comes first. */
  order: number;
  visible?: (p: Principal | null) => boolean;
  /** Shown in the admin menu instead of the main navigation. */
  admin?: boolean;
  /** Where a non-admin item sits: the main menu (default), the header beside the account, or the footer. */
  place?: 'header' | 'footer';
  /** A number shown beside the label for a signed-in user (e.g. unread notifications), counted per page view. */
  count?: (ctx: import('./context').AppContext, p: Principal) => Promise<number>;
}

/**
 * Where a statistic is counted: a unit (a province code: the province and every commune under it; a commune code:
 * that commune), the period [from, to), and optionally one agency and one category (a statistic says in `filters`
 * which of these two it honours; the dashboards show the others as not applicable).
 */
export interface StatisticScope {
  unitCode?: string;
  from?: Date;
  to?: Date;
  agencyId?: number;
  categoryId?: number;
}

/** How a statistic can be broken down: by commune (the rollup and the map), month, category, channel, kind, agency. */
export type StatisticDimension = 'unit' | 'month' | 'category' | 'channel' | 'kind' | 'agency';

/** One headline number for dashboards and reports, which then need not know the module. */
export interface Statistic {
  key: string;
  label: string;
  compute: (db: Db, scope: StatisticScope) => Promise<number>;
  /** Message key of the dashboard section it belongs to (default: the module's name). */
  group?: string;
  /** 'count' (default: adds up over units), 'average' or 'percent' (does not). */
  kind?: 'count' | 'average' | 'percent';
  /** The filters beyond unit and period it honours. */
  filters?: Array<'agency' | 'category'>;
  /** Shown to citizens and visitors (default true); false: officials only. */
  public?: boolean;
  /** The list of the items behind the number (for officials or the public), or null when there is none. */
  link?: (scope: StatisticScope, audience: 'public' | 'official') => string | null;
  /** Dimensions `breakdown` answers, and the breakdown: one value per key (a unit code, 'YYYY-MM', an id…). */
  breakdowns?: StatisticDimension[];
  breakdown?: (db: Db, scope: StatisticScope, by: StatisticDimension) => Promise<Array<{ key: string; value: number }>>;
  /** Message key naming a breakdown key of a dimension the module owns (kind, channel); units, categories and agencies
   *  are named from the directory. */
  keyLabel?: (by: StatisticDimension, key: string) => string | null;
  /** A larger value is better (true), worse (false), or neither (undefined): how a scorecard reads it. */
  higherIsBetter?: boolean;
}

/**
 * A module's search results for the site-wide search page. `corpora`: what the module searches through the
 * platform's search providers (platform/search): the server warms the configured provider of each at start.
 */
export interface ModuleSearch {
  label: string;
  corpora?: SearchCorpus<any>[];
  search: (
    ctx: AppContext,
    q: string,
    opts: { limit: number; principal: Principal | null },
  ) => Promise<Array<{ title: string; href: string; snippet: string; date?: Date | string | null }>>;
}

/** Where an action applies, as a permission check reads it. */
export interface PermissionTarget {
  /** The administrative unit the thing belongs to, and that unit's province. */
  unitCode: string;
  provinceCode: string;
  /** The agency that owns or handles it, when there is one. */
  agencyId?: number;
  /** The account it belongs to (a citizen's own registration, question, petition…). */
  ownerId?: number | null;
}

/** The callers the role × action matrix test builds for every permission (officials scoped to one commune,
 *  the supervisor to its province). */
export const MATRIX_ROLES = ['anonymous', 'citizen', 'officer', 'head', 'front_officer', 'supervisor', 'admin'] as const;
export type MatrixRole = (typeof MATRIX_ROLES)[number];

/**
 * Who a permission lets act, as the matrix test checks it against `check`:
 * 'any' — on every target; 'own' — on targets in the caller's own unit (its agency's unit; for a citizen, their own
 * things: ownerId); 'subtree' — in the caller's unit and every unit below it (a province grant covers its communes);
 * 'below' — in the units below the caller's, never its own (the level above acknowledging its communes' reports);
 * 'none' — never.
 */
export type PermissionReach = 'any' | 'own' | 'subtree' | 'below' | 'none';

/** One thing a module lets someone do: the single place that says who may (Decidim's permissions class). */
export interface Permission {
  /** `module.thing.verb`, e.g. `consolidation.topic.edit`. */
  action: string;
  /** Message key of a short description (shown on the administrator's permissions page). */
  label: string;
  check: (p: Principal | null, target: PermissionTarget) => boolean;
  /** The expected answer for each role of MATRIX_ROLES (a role left out is 'none'). */
  expect: Partial<Record<MatrixRole, PermissionReach>>;
}

/** One column of an open dataset (its data dictionary). */
export interface DatasetColumn {
  name: string;
  /** Message key of what the column means. */
  description: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime';
}

/**
 * A public, anonymised dataset a module publishes as open data (CSV and JSON, streamed): nothing personal or
 * confidential may appear in its rows.
 */
export interface DatasetExport {
  /** URL-safe name, unique across modules (`petitions`, `conferences`…). */
  key: string;
  /** Message keys of the title and a one-paragraph description. */
  title: string;
  description: string;
  columns: DatasetColumn[];
  /** The rows, in a stable order, read in batches so memory stays flat at any size. */
  rows: (ctx: AppContext) => AsyncIterable<Record<string, unknown>>;
  count: (ctx: AppContext) => Promise<number>;
}

/** What a page tells the panels other modules add to it: the thing it shows and who is looking. */
export interface PanelSubject {
  id: number;
  code: string;
  /** The reader: anyone, the thing's own author (a petitioner), or an official handling it. */
  relation: 'public' | 'owner' | 'official';
}

/**
 * A block a module adds to another module's page (the commitments made in a petition's answer, on the petition's
 * page), so that the page shows it without importing that module: the page renders every panel of its place.
 */
export interface PagePanel {
  /** The page it goes on: 'petition' (a petition's page, for the public, its petitioner and officials). */
  place: string;
  /** Lower comes first. */
  order: number;
  render: (req: import('fastify').FastifyRequest, ctx: AppContext, subject: PanelSubject) => Promise<import('preact').VNode<any> | null>;
}

/**
 * One kind of thing people can comment on (an article, a disclosed document, a consultation), declared in the
 * owning module's manifest (`commentTargets`) and read by the comments module at start-up.
 */
export interface CommentTargetDef {
  /**
   * Whether this principal (null: a guest) may comment on the target now. Return true, false (the
   * generic "comments are closed" message) or a message key saying why not (e.g. the window closed).
   * Return false for a target that does not exist or is not public.
   */
  canComment(ctx: AppContext, principal: Principal | null, targetId: number): Promise<boolean | string>;
  /** The public page of the target (where a posted comment sends the person back to). */
  link(targetId: number): string;
  /** The target's title, or null when it does not exist (→ 404). */
  title(db: Executor, targetId: number): Promise<string | null>;
  /**
   * The unit and agency the target belongs to: per-unit comment settings apply, and the agency's
   * officers moderate its comments. Optional: without it only administrators moderate.
   */
  scope?(db: Executor, targetId: number): Promise<{ unitCode: string | null; agencyId: number | null }>;
  /** The parts one may comment on separately (sections of a consultation document). */
  sections?(db: Executor, targetId: number): Promise<Array<{ key: string; label: string }>>;
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
  search?: ModuleSearch;
  statistics?: Statistic[];
  /** Who may do what in this module (read by the role × action matrix test and the permissions page). */
  permissions?: Permission[];
  /** Open datasets (read by the reports module's open-data pages). */
  exports?: DatasetExport[];
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
  /** Blocks this module adds to other modules' pages (see PagePanel). */
  panels?: PagePanel[];
  /** Runs at every start, after migrations: idempotent loading of reference data (e.g. units). */
  bootstrap?: (ctx: AppContext) => Promise<void>;
  /** What people can comment on, by target type (read by the comments module's `start`). */
  commentTargets?: Record<string, CommentTargetDef>;
  /** Who may read the non-public files attached to the module's entities, by entity type (none: nobody). */
  fileAccess?: Record<string, FileAccessCheck>;
  /** Runs at every start of a process (a server worker too), before the demo: reads what the modules declare. */
  start?: (modules: readonly ModuleManifest[]) => void;
}

/**
 * What the manifests declare for each other, read at every start (createContext): files' access checks, then each
 * module's `start` (the comments module takes the comment targets). Nothing is registered by importing a module.
 */
export function startModules(modules: readonly ModuleManifest[]): void {
  for (const m of modules) for (const [entityType, check] of Object.entries(m.fileAccess ?? {})) registerFileAccess(entityType, check);
  for (const m of modules) m.start?.(modules);
}

export type { Translate };
