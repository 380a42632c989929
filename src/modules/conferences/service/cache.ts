import { ReadCache } from '../../../platform/cache';
import { afterCommit } from '../../../platform/db/after-commit';
import type { Executor } from '../../../platform/db/types';

/**
 * What every visitor reads — the public lists and the public part of a conference page — kept for half a minute and
 * emptied in every process once any change to a conference (its row, agenda, questions, registrations, documents)
 * has committed. Every such change locks the conference row first (`lockConference`), which registers the forget.
 */
export const publicReads = new ReadCache<object>('conferences.publicReads', { max: 2000, ttlMs: 30_000 });

/** Empties the public reads when the transaction `db` is part of commits (at once outside a transaction). */
export function forgetPublicReadsAfterCommit(db: Executor): Promise<void> {
  return afterCommit(db, () => publicReads.forget());
}
