import { ReadCache } from '../../../platform/cache';

/**
 * The lists every visitor and every officer of an agency reads (the public page of a unit, its counts, the agency
 * register), kept for half a minute and emptied in every process after each change to a commitment has committed
 * (a change made in a caller's transaction, createCommitment with `tx`, through `afterCommit`).
 */
export const lists = new ReadCache<object>('commitments.lists', { max: 2000, ttlMs: 30_000 });

/** A public commitment's page as anyone not signed in sees it (its timeline, public files), emptied with the lists. */
export const publicDetails = new ReadCache<object>('commitments.details', { max: 2000, ttlMs: 30_000 });

export function forgetLists(): void {
  lists.forget();
  publicDetails.forget();
}
