import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/types';
import { SearchIndex, type IndexedDoc } from './search-index';

/**
 * The memory search provider's index (SEARCH_PROVIDER=memory): one per database per process, kept in step with
 * petition_search through its change log (petition_search_changes, written by triggers in the transaction of every
 * change, each row with the id of the transaction that wrote it): before each search the changes committed since the
 * last look are read (one indexed query) and applied, so a search sees every change committed before it — in this
 * process and in any other sharing the database.
 *
 * The log is read by commit order, not by a number taken when the change was written: each look keeps its snapshot
 * (pg_current_snapshot(): which transactions had ended), and the next reads the changes of the transactions it did
 * not see ended (at or above the snapshot's xmin and not pg_visible_in_snapshot) that have ended since: a transaction
 * that commits an hour after a later one was running at every look in between, and is read at the first look after
 * it commits. Nothing waits for a gap to fill and nothing is given up on.
 *
 * Bounded: above SEARCH_MEMORY_MAX_ENTRIES published public petitions the index is not held and the database answers.
 */
interface IndexState {
  index: SearchIndex;
  /** The snapshot of the last look (pg_snapshot as text): the changes of the transactions it saw are applied. */
  snapshot: string;
  syncedAt: number;
  /** The last sync queued, and the one searches arriving now wait for (see fresh()). */
  tail: Promise<boolean>;
  next: Promise<boolean> | null;
}

interface Slot {
  state: IndexState | null;
  building: Promise<IndexState> | null;
  /** Small enough for a search to wait for it. */
  inline: boolean;
  /** Over the bound when last counted (counted again after BOUND_RECHECK_MS). */
  overAt: number | null;
}

const slots = new WeakMap<object, Slot>();

/** Up to this many published public petitions, the first search waits for the index; above, it is built in the background. */
const BUILD_INLINE_MAX = 20_000;
/** More pending changes than this, or a silence longer than the change log is kept: rebuilt instead. */
const SYNC_MAX = 5_000;
const RESYNC_AFTER_MS = 6 * 3600_000;
const BOUND_RECHECK_MS = 600_000;
const LOAD_BATCH = 10_000;

type DocRow = {
  id: number;
  published_ms: number | string;
  status: string;
  kind: string;
  channel: string;
  category_id: number | null;
  unit_code: string;
  agency_id: number;
  tsv: string;
};

const docColumns = sql`id, (extract(epoch from published_at) * 1000)::float8 as published_ms, status, kind, channel, category_id, unit_code, agency_id, search_tsv::text as tsv`;

function toDoc(r: DocRow): IndexedDoc {
  return {
    id: Number(r.id),
    publishedAt: Number(r.published_ms),
    status: r.status,
    kind: r.kind,
    channel: r.channel,
    categoryId: r.category_id === null ? null : Number(r.category_id),
    unitCode: r.unit_code,
    agencyId: Number(r.agency_id),
    tsv: r.tsv,
  };
}

async function currentSnapshot(db: Executor): Promise<string> {
  return (await sql<{ s: string }>`select pg_current_snapshot()::text as s`.execute(db)).rows[0].s;
}

/**
 * Reads every published public petition, in publication order, in batches outside any transaction (an embedded
 * database is not held for the whole load). The snapshot is taken first: a transaction it did not see ended (whose
 * changes the load may miss) is read by the first sync.
 */
async function build(db: Executor): Promise<IndexState> {
  const snapshot = await currentSnapshot(db);
  const index = new SearchIndex();
  let after: { at: string; id: number } | null = null;
  for (;;) {
    const rows: Array<DocRow & { at: string }> = (
      await sql<DocRow & { at: string }>`select ${docColumns}, published_at::text as at from petition_search
        ${after ? sql`where (published_at, id) > (${after.at}::timestamptz, ${after.id})` : sql``}
        order by published_at, id limit ${LOAD_BATCH}`.execute(db)
    ).rows;
    for (let i = 0; i < rows.length; i++) {
      index.upsert(toDoc(rows[i]));
      // The server keeps answering while a large index loads.
      if (i % 500 === 499) await new Promise((r) => setImmediate(r));
    }
    if (rows.length < LOAD_BATCH) break;
    const last = rows[rows.length - 1];
    after = { at: last.at, id: Number(last.id) };
  }
  index.compact();
  return { index, snapshot, syncedAt: Date.now(), tail: Promise.resolve(true), next: null };
}

/** Applies the changes committed since the last look; false when there are too many (rebuild instead). */
async function sync(db: Executor, s: IndexState): Promise<boolean> {
  // One statement, one snapshot: the changes it sees that the last look's did not.
  const r = await sql<{ snapshot: string; id: number | null }>`
    with now as (select pg_current_snapshot() as s), last as (select ${s.snapshot}::pg_snapshot as s)
    select now.s::text as snapshot, c.id
    from now cross join last left join petition_search_changes c
      on c.xid >= pg_snapshot_xmin(last.s) and not pg_visible_in_snapshot(c.xid, last.s)
    limit ${SYNC_MAX + 1}`.execute(db);
  if (r.rows.length > SYNC_MAX) return false;
  const changed = new Set<number>();
  for (const row of r.rows) if (row.id !== null) changed.add(Number(row.id));
  if (changed.size) {
    const rows = (await sql<DocRow>`select ${docColumns} from petition_search where id = any(${[...changed]}::int[])`.execute(db)).rows;
    const present = new Set<number>();
    for (const row of rows.map(toDoc).sort((a, b) => a.publishedAt - b.publishedAt || a.id - b.id)) {
      present.add(row.id);
      s.index.upsert(row);
    }
    for (const id of changed) if (!present.has(id)) s.index.remove(id);
  }
  s.snapshot = r.rows[0].snapshot;
  s.syncedAt = Date.now();
  return true;
}

/**
 * A sync that began after the caller arrived: it sees every change committed before. Syncs run one at a time (two
 * at once could apply an older read of a row after a newer one); the callers arriving while one runs share the
 * next, so under load one change-log query serves many searches.
 */
function fresh(db: Executor, s: IndexState): Promise<boolean> {
  if (s.next) return s.next;
  const next = s.tail
    .catch(() => true)
    .then(() => {
      s.next = null;
      return sync(db, s);
    });
  s.next = next;
  s.tail = next;
  return next;
}

function slotOf(db: Executor): Slot {
  let slot = slots.get(db);
  if (!slot) slots.set(db, (slot = { state: null, building: null, inline: false, overAt: null }));
  return slot;
}

function startBuild(db: Executor, slot: Slot): Promise<IndexState> {
  slot.building ??= build(db)
    .then((state) => {
      slot.state = state;
      return state;
    })
    .finally(() => {
      slot.building = null;
    });
  return slot.building;
}

/**
 * The index, up to date with every committed change; null while a large one is still being built, or when the
 * published public petitions are more than `maxEntries` (the caller answers from the database). Starting it early
 * (warmPublicIndex) keeps the first window at startup only.
 */
export async function publicIndex(db: Executor, maxEntries: number): Promise<SearchIndex | null> {
  const slot = slotOf(db);
  let state = slot.state;
  if (!state) {
    if (slot.overAt !== null && Date.now() - slot.overAt < BOUND_RECHECK_MS) return null;
    if (!slot.building) {
      const limit = Math.max(BUILD_INLINE_MAX, maxEntries) + 1;
      const n = Number((await sql<{ n: number }>`select count(*)::int as n from (select 1 from petition_search limit ${limit}) x`.execute(db)).rows[0].n);
      slot.overAt = n > maxEntries ? Date.now() : null;
      if (slot.overAt !== null) return null;
      slot.inline = n <= BUILD_INLINE_MAX;
      startBuild(db, slot).catch(() => undefined);
    }
    if (!slot.inline || !slot.building) return null;
    state = await slot.building;
  }
  const current = Date.now() - state.syncedAt < RESYNC_AFTER_MS && !(state.index.size > 1000 && state.index.waste > 0.25) && (await fresh(db, state));
  if (current && state.index.size > maxEntries) {
    // Grown past the bound: let go, and the database answers.
    if (slot.state === state) slot.state = null;
    slot.overAt = Date.now();
    return null;
  }
  if (!current) {
    // Too far behind or too many tombstones: rebuilt; a large one is answered from the database meanwhile.
    if (slot.state === state) slot.state = null;
    const rebuilt = startBuild(db, slot);
    if (!slot.inline) {
      rebuilt.catch(() => undefined);
      return null;
    }
    state = await rebuilt;
  }
  return state.index;
}

/** Builds the index ahead of the first search (at start): resolves when it is ready; never fails. */
export async function warmPublicIndex(db: Executor, maxEntries: number): Promise<void> {
  try {
    if (!(await publicIndex(db, maxEntries))) await slotOf(db).building;
  } catch {
    // The first search tries again.
  }
}

/** Drops this process's index of a database (after a bulk load of past petitions: rebuilt in publication order). */
export function forgetPublicIndex(db: Executor): void {
  slots.delete(db);
}

/** Drops the change log's entries older than a day (the deadline job); processes silent that long rebuild. */
export async function trimSearchChanges(db: Executor): Promise<void> {
  await sql`delete from petition_search_changes where at < now() - interval '1 day'`.execute(db);
}
