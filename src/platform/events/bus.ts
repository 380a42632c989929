import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import type { Db, Executor } from '../db/types';
import type { Logger } from '../logger';

/**
 * Events that reach every process on every server sharing the database, through PostgreSQL LISTEN/NOTIFY
 * (PGlite: its in-process listen/notify). `publish` inside a transaction is delivered when it commits and never
 * when it rolls back; outside one, at once. Payloads are at most 8,000 bytes (PostgreSQL's limit): carry ids and
 * let listeners read the rows. Each process has one listening connection for all its channels.
 *
 * A listening connection to a server that drops is opened again; its subscribers' `onResync` is then called,
 * because what was sent in between is lost (a listener that keeps a position re-reads from it).
 */
export interface EventBus {
  /** This process's id, sent along by publishers that want to skip their own messages. */
  readonly origin: string;
  publish(db: Executor, channel: string, payload: string): Promise<void>;
  subscribe(channel: string, handler: (payload: string) => void, opts?: { onResync?: () => void }): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const CHANNEL_RE = /^[a-z][a-z0-9_]{0,62}$/;

function checkChannel(channel: string): void {
  if (!CHANNEL_RE.test(channel)) throw new Error(`Invalid event channel ${channel}`);
}

type Handler = { fn: (payload: string) => void; onResync?: () => void };

abstract class BaseBus implements EventBus {
  readonly origin = randomUUID();
  protected readonly handlers = new Map<string, Set<Handler>>();
  protected closed = false;

  async publish(db: Executor, channel: string, payload: string): Promise<void> {
    checkChannel(channel);
    await sql`select pg_notify(${channel}, ${payload})`.execute(db);
  }

  protected dispatch(channel: string, payload: string): void {
    for (const h of this.handlers.get(channel) ?? []) {
      try {
        h.fn(payload);
      } catch {
        // One listener's failure must not stop the others.
      }
    }
  }

  async subscribe(channel: string, fn: (payload: string) => void, opts: { onResync?: () => void } = {}): Promise<() => Promise<void>> {
    checkChannel(channel);
    const h: Handler = { fn, onResync: opts.onResync };
    let set = this.handlers.get(channel);
    const first = !set;
    if (!set) this.handlers.set(channel, (set = new Set()));
    set.add(h);
    if (first) await this.listen(channel);
    return async () => {
      set!.delete(h);
      if (!set!.size && this.handlers.get(channel) === set) {
        this.handlers.delete(channel);
        if (!this.closed) await this.unlisten(channel);
      }
    };
  }

  protected abstract listen(channel: string): Promise<void>;
  protected abstract unlisten(channel: string): Promise<void>;
  abstract close(): Promise<void>;
}

/** PGlite: one process, its own notifications. LISTEN runs while holding the dialect's lock (never inside another's transaction). */
class PGliteBus extends BaseBus {
  private readonly stops = new Map<string, () => Promise<void>>();
  constructor(
    private readonly db: Db,
    private readonly pglite: PGlite,
  ) {
    super();
  }
  protected async listen(channel: string) {
    const stop = await this.db.connection().execute(() => this.pglite.listen(channel, (payload) => this.dispatch(channel, payload)));
    this.stops.set(channel, stop);
  }
  protected async unlisten(channel: string) {
    const stop = this.stops.get(channel);
    this.stops.delete(channel);
    if (stop) await this.db.connection().execute(() => stop());
  }
  async close() {
    this.closed = true;
    this.handlers.clear();
  }
}

/** A PostgreSQL server: one dedicated client per process, opened at the first subscription and reopened if lost. */
class PostgresBus extends BaseBus {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  constructor(
    private readonly url: string,
    private readonly log?: Logger,
  ) {
    super();
  }

  private connect(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    if (this.connecting) return this.connecting;
    this.connecting = (async () => {
      const c = new pg.Client({ connectionString: this.url });
      c.on('notification', (n) => this.dispatch(n.channel, n.payload ?? ''));
      c.on('error', (err) => {
        this.log?.warn({ err }, 'event bus connection lost; reconnecting');
        this.lost(c);
      });
      c.on('end', () => this.lost(c));
      await c.connect();
      for (const ch of this.handlers.keys()) await c.query(`listen "${ch}"`);
      this.client = c;
      return c;
    })().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private lost(c: pg.Client) {
    if (this.client !== c || this.closed) return;
    this.client = null;
    const retry = (delay: number) =>
      setTimeout(() => {
        if (this.closed || !this.handlers.size) return;
        this.connect().then(
          () => {
            for (const set of this.handlers.values()) for (const h of set) h.onResync?.();
          },
          () => retry(Math.min(delay * 2, 10_000)),
        );
      }, delay).unref();
    retry(200);
  }

  protected async listen(channel: string) {
    const c = await this.connect();
    await c.query(`listen "${channel}"`);
  }
  protected async unlisten(channel: string) {
    await this.client?.query(`unlisten "${channel}"`);
  }
  async close() {
    this.closed = true;
    this.handlers.clear();
    const c = this.client ?? (this.connecting ? await this.connecting.catch(() => null) : null);
    this.client = null;
    await c?.end().catch(() => undefined);
  }
}

export function createEventBus(handle: { db: Db; kind: 'pglite' | 'postgres'; pglite?: PGlite; url?: string }, log?: Logger): EventBus {
  if (handle.kind === 'pglite') {
    if (!handle.pglite) throw new Error('PGlite event bus without its PGlite instance');
    return new PGliteBus(handle.db, handle.pglite);
  }
  if (!handle.url) throw new Error('PostgreSQL event bus without the database URL');
  return new PostgresBus(handle.url, log);
}
