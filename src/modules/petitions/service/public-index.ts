import { sql } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { Executor } from '../../../platform/db/types';
import { SearchIndex, type IndexedDoc } from './search-index';

/**
 * The public search's in-memory index, one per database per process, kept in step with petition_search through its
 * change log (petition_search_changes, written by triggers in the transaction of every change): before each search
 * the changes committed since the last one are read (one indexed query) and applied, so a search sees every change
 * committed before it — in this process and in any other sharing the database.
 *
 * Change numbers come from a sequence: a transaction still open when a later one commits leaves a gap, watched until
 * it fills or for ten minutes (then it was rolled back).
 */
interface IndexState {
  index: SearchIndex;
  /** The highest change number seen. */
  high: number;
  /** Change numbers below `high` not seen yet, with when the gap was noticed. */
  gaps: Map<number, number>;
  syncedAt: number;
  /** Counts the syncs that changed something: a row read before one of them may be stale and is not kept. */
  version: number;
  /** The list rows of indexed petitions (see cachedRows), dropped when the change log names them. */
  rows: LRUCache<number, object>;
  /** The last sync queued, and the one searches arriving now wait for (see fresh()). */
  tail: Promise<boolean>;
  next: Promise<boolean> | null;
}

/** The public index and the rows it has presented. */
export interface PublicIndex {
  index: SearchIndex;
  /** Rows by id: from memory when no change to them was logged since they were read, else read by `load`. */
  rows<R extends { id: number }>(ids: number[], load: (missing: number[]) => Promise<R[]>): Promise<Map<number, R>>;
}

interface Slot {
  state: IndexState | null;
  building: Promise<IndexState> | null;
  /** Small enough for a search to wait for it. */
  inline: boolean;
}

const slots = new WeakMap<object, Slot>();

/** Up to this many published public petitions, the first search waits for the index; above, it is built in the background. */
const BUILD_INLINE_MAX = 20_000;
/** More pending changes than this, or a silence longer than the change log is kept: rebuilt instead. */
const SYNC_MAX = 5_000;
const RESYNC_AFTER_MS = 6 * 3600_000;
const GAP_PATIENCE_MS = 600_000;
const LOAD_BATCH = 10_000;
/** List rows kept (the recent petitions most searches return). */
const ROWS_KEPT = 20_000;

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

/**
 * Reads every published public petition, in publication order, in batches outside any transaction (an embedded
 * database is not held for the whole load). The change number is read first: whatever changes during the load has a
 * higher number, or is a gap, and the first sync applies it again.
 */
async function build(db: Executor): Promise<IndexState> {
  const head = await sql<{ high: string | null }>`select max(seq)::text as high from petition_search_changes`.execute(db);
  const high = Number(head.rows[0].high ?? 0);
  // Changes not yet committed at this moment are the gaps among the latest numbers.
  const recent = await sql<{ seq: string }>`select seq::text from petition_search_changes where seq > ${high - SYNC_MAX} and seq <= ${high}`.execute(db);
  const seen = new Set(recent.rows.map((r) => Number(r.seq)));
  const gaps = new Map<number, number>();
  for (let g = Math.max(1, high - SYNC_MAX + 1); g < high; g++) if (!seen.has(g)) gaps.set(g, Date.now());
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
  return newState(index, high, gaps);
}

function newState(index: SearchIndex, high: number, gaps: Map<number, number>): IndexState {
  return { index, high, gaps, syncedAt: Date.now(), version: 0, rows: new LRUCache({ max: ROWS_KEPT }), tail: Promise.resolve(true), next: null };
}

/** Applies the changes committed since the last look; false when there are too many (rebuild instead). */
async function sync(db: Executor, s: IndexState): Promise<boolean> {
  const gaps = [...s.gaps.keys()];
  const r = await sql<{ seq: string; id: number }>`
    select seq, id from petition_search_changes
    where seq > ${s.high} ${gaps.length ? sql`or seq = any(${gaps.map(String)}::bigint[])` : sql``}
    order by seq limit ${SYNC_MAX + 1}`.execute(db);
  const now = Date.now();
  if (r.rows.length > SYNC_MAX) return false;
  // Numbers far ahead (a large change rolled back, a log trimmed past us): rebuilt rather than thousands of gaps watched.
  if (r.rows.length && Number(r.rows[r.rows.length - 1].seq) - s.high > SYNC_MAX) return false;
  const changed = new Set<number>();
  for (const row of r.rows) {
    const seq = Number(row.seq);
    changed.add(Number(row.id));
    if (s.gaps.delete(seq)) continue;
    for (let g = s.high + 1; g < seq; g++) s.gaps.set(g, now);
    if (seq > s.high) s.high = seq;
  }
  for (const [g, since] of s.gaps) if (now - since > GAP_PATIENCE_MS) s.gaps.delete(g);
  if (changed.size) {
    s.version++;
    for (const id of changed) s.rows.delete(id);
    const rows = (await sql<DocRow>`select ${docColumns} from petition_search where id = any(${[...changed]}::int[])`.execute(db)).rows;
    const present = new Set<number>();
    for (const row of rows.map(toDoc).sort((a, b) => a.publishedAt - b.publishedAt || a.id - b.id)) {
      present.add(row.id);
      s.index.upsert(row);
    }
    for (const id of changed) if (!present.has(id)) s.index.remove(id);
  }
  s.syncedAt = now;
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

async function cachedRows<R extends { id: number }>(s: IndexState, ids: number[], load: (missing: number[]) => Promise<R[]>): Promise<Map<number, R>> {
  const found = new Map<number, R>();
  const missing: number[] = [];
  for (const id of ids) {
    const row = s.rows.get(id) as R | undefined;
    if (row) found.set(id, row);
    else missing.push(id);
  }
  if (!missing.length) return found;
  const version = s.version;
  for (const row of await load(missing)) {
    found.set(row.id, row);
    if (version === s.version) s.rows.set(row.id, row);
  }
  return found;
}

function slotOf(db: Executor): Slot {
  let slot = slots.get(db);
  if (!slot) slots.set(db, (slot = { state: null, building: null, inline: false }));
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
 * The index, up to date with every committed change; null while a large one is still being built (the caller
 * answers from the database meanwhile). Starting it early (warmPublicIndex) keeps that window at startup only.
 */
export async function publicIndex(db: Executor): Promise<PublicIndex | null> {
  const slot = slotOf(db);
  let state = slot.state;
  if (!state) {
    if (!slot.building) {
      const n = await sql<{ n: number }>`select count(*)::int as n from (select 1 from petition_search limit ${BUILD_INLINE_MAX + 1}) x`.execute(db);
      slot.inline = Number(n.rows[0].n) <= BUILD_INLINE_MAX;
      startBuild(db, slot).catch(() => undefined);
    }
    if (!slot.inline || !slot.building) return null;
    state = await slot.building;
  }
  const current = Date.now() - state.syncedAt < RESYNC_AFTER_MS && !(state.index.size > 1000 && state.index.waste > 0.25) && (await fresh(db, state));
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
  const s = state;
  return { index: s.index, rows: (ids, load) => cachedRows(s, ids, load) };
}

/** Builds the index ahead of the first search (at start): resolves when it is ready; never fails. */
export async function warmPublicIndex(db: Executor): Promise<void> {
  try {
    if (!(await publicIndex(db))) await slotOf(db).building;
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
