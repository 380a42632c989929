import type { ActionName } from '../../state-machine';
import { draftAnswer, approve, publish, requestChanges } from './answer';
import { close, extend, merge, note, rate, reopen, withdraw } from './closing';
import { assign, direct, forward, receive } from './intake';
import type { EffectOf } from './step';

export type { Caller, Effect, TransitionOptions, TransitionStep } from './step';

/** What each action of the transition table does beyond the change of state (the table is in ../../state-machine). */
export const EFFECTS: Record<ActionName, EffectOf> = {
  receive,
  direct,
  forward,
  assign,
  draft_answer: draftAnswer,
  request_changes: requestChanges,
  approve,
  publish,
  rate,
  close,
  reopen,
  merge,
  withdraw,
  extend,
  note,
};
