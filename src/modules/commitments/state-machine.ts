import type { CommitmentState } from './model';

/**
 * The commitment lifecycle as data: which action moves which state where, and who may take it (the caller's
 * relation to the commitment, from policy.ts). Nothing here does I/O.
 */
export const ACTIONS = ['start', 'progress', 'report_done', 'finding', 'verify_kept', 'verify_not_kept', 'extend', 'transfer', 'cancel', 'to_petition'] as const;
export type ActionName = (typeof ACTIONS)[number];

/** agency: officer or head of the responsible agency; front: the unit's Front officer (MTTQ or Ban TTND); head: a head of the agency or the unit. */
export type ActorRole = 'agency' | 'front' | 'head';

interface Rule {
  from: readonly CommitmentState[];
  /** null: the state does not change. */
  to: CommitmentState | null;
  by: readonly ActorRole[];
}

const WORKING: readonly CommitmentState[] = ['open', 'in_progress', 'verified_not_kept'];
const NOT_FINAL: readonly CommitmentState[] = ['open', 'in_progress', 'done_awaiting_verification', 'verified_not_kept'];

export const TRANSITIONS: Record<ActionName, Rule> = {
  start: { from: ['open', 'verified_not_kept'], to: 'in_progress', by: ['agency'] },
  progress: { from: WORKING, to: 'in_progress', by: ['agency'] },
  report_done: { from: WORKING, to: 'done_awaiting_verification', by: ['agency'] },
  finding: { from: NOT_FINAL, to: null, by: ['front'] },
  verify_kept: { from: ['done_awaiting_verification'], to: 'verified_kept', by: ['front'] },
  verify_not_kept: { from: ['done_awaiting_verification'], to: 'verified_not_kept', by: ['front'] },
  extend: { from: WORKING, to: null, by: ['head'] },
  transfer: { from: WORKING, to: 'open', by: ['head'] },
  cancel: { from: NOT_FINAL, to: 'cancelled', by: ['head'] },
  to_petition: { from: WORKING, to: null, by: ['head', 'front'] },
};

export function canTransition(state: CommitmentState, action: ActionName): boolean {
  return TRANSITIONS[action].from.includes(state);
}

export function nextState(state: CommitmentState, action: ActionName): CommitmentState {
  if (!canTransition(state, action)) throw new Error(`commitment: ${action} not allowed from ${state}`);
  return TRANSITIONS[action].to ?? state;
}

/** The actions the caller's roles allow in this state. */
export function actionsFor(state: CommitmentState, roles: readonly ActorRole[]): ActionName[] {
  return ACTIONS.filter((a) => canTransition(state, a) && TRANSITIONS[a].by.some((r) => roles.includes(r)));
}

/** Overdue is derived: a working commitment whose deadline day has passed. */
export function isOverdue(state: CommitmentState, deadline: string, today: string): boolean {
  return WORKING.includes(state) && deadline < today;
}
