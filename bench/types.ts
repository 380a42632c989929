import type { AppContext } from '../src/platform/context';

export type Engine = 'pglite' | 'postgres';

/** One endpoint to load. */
export interface BenchRequest {
  /** Label in the table, e.g. 'GET /api/v1/units?parent=14'. */
  name: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path (with query) on the server. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * Varies each request (e.g. a different petition id, a different client address): called with a running
   * counter, its result is merged over path/headers/body.
   */
  vary?: (i: number) => { path?: string; headers?: Record<string, string>; body?: string };
  /** The status every answer must have (default 200); others are counted and shown as errors. */
  expectStatus?: number;
  /** Connection counts to measure at (default: the run's --connections). */
  connections?: number[];
  /** A target to show beside the figures, e.g. 'p99 ≤ 50 ms'. */
  target?: string;
  /** Leave the request out (with this reason in the report) when the server answers the probe with 404. */
  optional?: boolean;
}

/** What a scenario's setup gets: the application's context on a fresh, migrated database with the demo loaded. */
export interface SetupContext {
  ctx: AppContext;
  engine: Engine;
  /** --scale (default 1): multiply the sizes you generate by it (0.01 for a quick try). */
  scale: number;
  log: (msg: string) => void;
}

/** What a scenario's requests() gets: the running server. */
export interface RunContext<S = unknown> {
  url: string;
  engine: Engine;
  /** What setup() returned (e.g. ids to read). */
  state: S;
  /** Logs in through POST /api/v1/auth/login and returns the Cookie header value of the session. */
  login(login: string, password?: string): Promise<string>;
  log: (msg: string) => void;
}

/**
 * A benchmark scenario. Add one by writing bench/scenarios/<name>.ts and listing it in bench/scenarios/index.ts.
 * Its figures go to their own section of docs/benchmarks.md (replaced when the scenario runs again).
 */
export interface Scenario<S = unknown> {
  name: string;
  title: string;
  /** Free text shown under the section title: what data, which targets. */
  description?: string;
  /** Fills the database before the server starts (it runs in the bench process, on the same database). */
  setup?(ctx: SetupContext): Promise<S>;
  /** The requests to fire once the server is up. */
  requests(run: RunContext<S>): Promise<BenchRequest[]> | BenchRequest[];
  /** Pages to load once each in a real browser, cache off, for their first-load transfer size (bench/page-weight.ts). */
  pages?(run: RunContext<S>): Promise<PageToWeigh[]> | PageToWeigh[];
  /** How the figures were measured, when not by autocannon. */
  method?: string;
}

export interface PageToWeigh {
  page: string;
  path: string;
  target?: string;
  /** The page passes when what the network carried is at most this. */
  targetBytes?: number;
}

export function defineScenario<S>(s: Scenario<S>): Scenario<S> {
  return s;
}
