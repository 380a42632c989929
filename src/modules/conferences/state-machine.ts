import type { ConferenceState } from './model';

/**
 * The conference's life as a transition table (DOMAIN §6): draft → approved → announced → in session → held →
 * results published → closed; cancelled or postponed (with a reason) before it is held. A postponed conference is
 * announced again once its new date is set.
 */
export const ACTIONS = ['approve', 'announce', 'start', 'end', 'publish', 'close', 'cancel', 'postpone'] as const;
export type ConferenceAction = (typeof ACTIONS)[number];

export const TRANSITIONS: Readonly<Record<ConferenceAction, { from: readonly ConferenceState[]; to: ConferenceState; needsReason?: boolean; needsHead?: boolean }>> = {
  approve: { from: ['draft'], to: 'approved', needsHead: true },
  announce: { from: ['approved', 'postponed'], to: 'announced' },
  start: { from: ['announced'], to: 'in_session' },
  end: { from: ['in_session'], to: 'held' },
  publish: { from: ['held'], to: 'results_published' },
  close: { from: ['results_published'], to: 'closed' },
  cancel: { from: ['draft', 'approved', 'announced', 'postponed'], to: 'cancelled', needsReason: true },
  postpone: { from: ['approved', 'announced'], to: 'postponed', needsReason: true },
};

export function canTransition(from: ConferenceState, action: ConferenceAction): boolean {
  return TRANSITIONS[action].from.includes(from);
}

export function nextState(from: ConferenceState, action: ConferenceAction): ConferenceState | null {
  return canTransition(from, action) ? TRANSITIONS[action].to : null;
}

/** The actions open from a state. */
export function actionsFrom(from: ConferenceState): ConferenceAction[] {
  return ACTIONS.filter((a) => canTransition(from, a));
}

/** The details (chairs, times, venue, agenda) may still be edited. */
export const EDITABLE: readonly ConferenceState[] = ['draft', 'approved', 'announced', 'postponed'];
/** Shown to the public (notice, list, live page, results). */
/** Held: the session took place (and the results may since be published, the conference closed). */
export const HELD_STATES: readonly ConferenceState[] = ['held', 'results_published', 'closed'];

export const PUBLIC: readonly ConferenceState[] = ['announced', 'in_session', 'held', 'results_published', 'closed', 'cancelled', 'postponed'];
/** Citizens may register and send questions. */
export const OPEN_FOR_REGISTRATION: readonly ConferenceState[] = ['announced'];
/** The record is concluded: minutes and notice are issued from it, it is no longer edited in place. */
export const CONCLUDED: readonly ConferenceState[] = ['results_published', 'closed'];
