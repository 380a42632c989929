import { ReadCache } from '../../../platform/cache';

/**
 * The lists every visitor and every officer of an agency reads (the public page of a unit, its counts, the agency
 * register), kept for half a minute and emptied in every process after each change to a commitment. A change made
 * in a caller's transaction (createCommitment with `tx`) empties it before that transaction commits: a list read
 * in between may show the old state for up to the half minute.
 */
export const lists = new ReadCache<object>('commitments.lists', { max: 2000, ttlMs: 30_000 });

export function forgetLists(): void {
  lists.forget();
}
