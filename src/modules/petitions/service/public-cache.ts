import { ReadCache } from '../../../platform/cache';

/**
 * What every visitor reads — the first pages of the public list, popular searches, suggestions — kept for half a
 * minute. Emptied in this process after every change to a petition; another process sharing a server database
 * shows a change within the half minute.
 */
export const publicResults = new ReadCache<object>('petitions.publicResults', { max: 2000, ttlMs: 30_000 });

export function forgetPublicResults(): void {
  publicResults.forget();
}
