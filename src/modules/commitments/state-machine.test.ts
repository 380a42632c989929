import { describe, expect, it } from 'vitest';
import { actionsFor, canTransition, isOverdue, nextState } from './state-machine';

describe('commitment state machine', () => {
  it('moves open → in progress → done awaiting verification → verified kept / not kept', () => {
    expect(nextState('open', 'progress')).toBe('in_progress');
    expect(nextState('in_progress', 'report_done')).toBe('done_awaiting_verification');
    expect(nextState('done_awaiting_verification', 'verify_kept')).toBe('verified_kept');
    expect(nextState('done_awaiting_verification', 'verify_not_kept')).toBe('verified_not_kept');
    // Not kept reopens: the agency works on it again.
    expect(nextState('verified_not_kept', 'progress')).toBe('in_progress');
    expect(nextState('in_progress', 'transfer')).toBe('open');
    expect(nextState('in_progress', 'extend')).toBe('in_progress');
  });
  it('refuses a verdict before it was reported done, and any change after it was kept or cancelled', () => {
    expect(canTransition('in_progress', 'verify_kept')).toBe(false);
    for (const a of ['progress', 'extend', 'cancel', 'finding'] as const) {
      expect(canTransition('verified_kept', a)).toBe(false);
      expect(canTransition('cancelled', a)).toBe(false);
    }
    expect(() => nextState('open', 'verify_kept')).toThrow();
  });
  it('gives each role its own actions', () => {
    expect(actionsFor('in_progress', ['agency'])).toEqual(['progress', 'report_done']);
    expect(actionsFor('done_awaiting_verification', ['front'])).toEqual(['finding', 'verify_kept', 'verify_not_kept']);
    expect(actionsFor('in_progress', ['head'])).toEqual(['extend', 'transfer', 'cancel', 'to_petition']);
    expect(actionsFor('open', [])).toEqual([]);
  });
  it('derives overdue from the deadline for working commitments only', () => {
    expect(isOverdue('in_progress', '2026-11-30', '2026-12-01')).toBe(true);
    expect(isOverdue('in_progress', '2026-12-01', '2026-12-01')).toBe(false);
    expect(isOverdue('done_awaiting_verification', '2026-11-30', '2026-12-01')).toBe(false);
    expect(isOverdue('verified_not_kept', '2026-11-30', '2026-12-01')).toBe(true);
  });
});
