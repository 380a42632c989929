import type { AppContext } from '../../../platform/context';
import type { Executor } from '../../../platform/db/types';
import type { LiveEvent } from '../model';
import { LIVE_CHANNEL } from './common';

/** The events of a conference's live stream after `afterSeq`, in order (the table keeps them all: a listener resumes from any). */
export async function eventsSince(db: Executor, conferenceId: number, afterSeq: number, limit = 1000): Promise<LiveEvent[]> {
  const rows = await db
    .selectFrom('conference_events')
    .select(['seq', 'kind', 'payload', 'created_at'])
    .where('conference_id', '=', conferenceId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ seq: r.seq, kind: r.kind, payload: r.payload as Record<string, unknown>, at: r.created_at }));
}

interface Listener {
  last: number;
  /** Events that arrived while its backlog was being read, written after it. */
  queue: LiveEvent[] | null;
  write: (e: LiveEvent) => void;
}

/**
 * The live listeners of this process (server-sent events), fed from the event bus: a notification names the
 * conference and the event's number; the process reads the new events once and writes them to each of its
 * listeners of that conference. A listener that connects reads what it missed since its Last-Event-ID first.
 */
export class LiveHub {
  private readonly listeners = new Map<number, Set<Listener>>();
  private readonly fetched = new Map<number, number>();
  private readonly reading = new Map<number, Promise<void>>();
  private readonly again = new Set<number>();
  private unsubscribe: Promise<() => Promise<void>> | null = null;

  constructor(private readonly ctx: AppContext) {}

  /** How many listeners this process holds (for the benchmark and the health of the page). */
  size(): number {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }

  private start() {
    this.unsubscribe ??= this.ctx.events.subscribe(
      LIVE_CHANNEL,
      (payload) => {
        try {
          const m = JSON.parse(payload) as { c: number; s: number };
          if (this.listeners.has(m.c) && m.s > (this.fetched.get(m.c) ?? 0)) this.pull(m.c);
        } catch {
          // Not ours.
        }
      },
      { onResync: () => [...this.listeners.keys()].forEach((c) => this.pull(c)) },
    );
    return this.unsubscribe;
  }

  /** Reads the conference's new events (one read at a time per conference; a notification during it reads again). */
  private pull(conferenceId: number): void {
    if (this.reading.has(conferenceId)) {
      this.again.add(conferenceId);
      return;
    }
    const run = (async () => {
      try {
        do {
          this.again.delete(conferenceId);
          const after = this.fetched.get(conferenceId) ?? 0;
          const events = await eventsSince(this.ctx.db, conferenceId, after);
          if (!events.length) continue;
          this.fetched.set(conferenceId, events[events.length - 1].seq);
          for (const l of this.listeners.get(conferenceId) ?? []) for (const e of events) deliver(l, e);
          if (events.length === 1000) this.again.add(conferenceId);
        } while (this.again.has(conferenceId));
      } catch (err) {
        this.ctx.log.warn({ err, conferenceId }, 'live events not read');
      } finally {
        this.reading.delete(conferenceId);
      }
    })();
    this.reading.set(conferenceId, run);
  }

  /**
   * Adds a listener that has seen everything up to `lastSeq` (its Last-Event-ID, 0 for none): what it missed is
   * written first, then every new event. Returns its removal.
   */
  async add(conferenceId: number, lastSeq: number, write: (e: LiveEvent) => void): Promise<() => void> {
    await this.start();
    const l: Listener = { last: lastSeq, queue: [], write };
    let set = this.listeners.get(conferenceId);
    if (!set) this.listeners.set(conferenceId, (set = new Set()));
    set.add(l);
    const remove = () => {
      set!.delete(l);
      if (!set!.size && this.listeners.get(conferenceId) === set) {
        this.listeners.delete(conferenceId);
        this.fetched.delete(conferenceId);
      }
    };
    try {
      const backlog = await eventsSince(this.ctx.db, conferenceId, lastSeq);
      const queued = l.queue!;
      l.queue = null;
      for (const e of backlog) deliver(l, e);
      for (const e of queued) deliver(l, e);
      const top = backlog.length ? backlog[backlog.length - 1].seq : lastSeq;
      if (top > (this.fetched.get(conferenceId) ?? 0)) this.fetched.set(conferenceId, top);
      // An event committed between the backlog's read and now is read by the next pull.
      this.pull(conferenceId);
    } catch (e) {
      remove();
      throw e;
    }
    return remove;
  }

  async close(): Promise<void> {
    this.listeners.clear();
    const u = this.unsubscribe;
    this.unsubscribe = null;
    if (u) await (await u)();
  }
}

function deliver(l: Listener, e: LiveEvent): void {
  if (l.queue) {
    l.queue.push(e);
    return;
  }
  if (e.seq <= l.last) return;
  l.last = e.seq;
  try {
    l.write(e);
  } catch {
    // A closed connection: its removal follows.
  }
}

const hubs = new WeakMap<object, LiveHub>();

/** The hub of this process for the database. */
export function liveHub(ctx: AppContext): LiveHub {
  let h = hubs.get(ctx.db);
  if (!h) hubs.set(ctx.db, (h = new LiveHub(ctx)));
  return h;
}
