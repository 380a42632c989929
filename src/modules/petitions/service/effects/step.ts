import type { AppContext } from '../../../../platform/context';
import type { Executor } from '../../../../platform/db/types';
import type { Principal } from '../../../../platform/access/principal';
import type { AuditActor } from '../../../../platform/audit/audit';
import type { Agency } from '../../../directory/model';
import type { TransitionData } from '../../schema';
import type { PetitionSettings } from '../../settings';
import type { TransitionPatch, TransitionRule } from '../../state-machine';
import type { PetitionRow } from '../common';
import type { Upload } from '../attachments';

export type Caller = Principal | null | 'system';

export interface TransitionOptions {
  ip?: string | null;
  /** Files for an answer draft (images, PDF). */
  uploads?: Upload[];
  /** Demo seed only: no notifications (the story is in the past). */
  silent?: boolean;
}

/** One allowed transition about to be written: the locked row, its input, who runs it and what the table decided. */
export interface TransitionStep {
  tx: Executor;
  ctx: AppContext;
  caller: Caller;
  row: PetitionRow;
  data: TransitionData;
  opts: TransitionOptions;
  s: PetitionSettings;
  now: Date;
  /** Today in Asia/Ho_Chi_Minh, yyyy-mm-dd. */
  today: string;
  rule: TransitionRule;
  patch: TransitionPatch;
  /** The petition's agency before the transition. */
  agency: Agency | undefined;
  actor: AuditActor;
  actorId: number | null;
}

/** What one action adds to the change every transition makes (status, counters, timeline event, audit). */
export interface Effect {
  /** Columns of the petition row it sets. */
  set?: Record<string, unknown>;
  /** Data of the timeline event and the audit entry (after the agency's id and name). */
  event?: Record<string, unknown>;
  /** Parameters of the notification's message (after the agency and the reason). */
  params?: Record<string, string | number>;
  /** Notified besides the petition's followers. */
  recipients?: number[];
  /** The new step deadline (null: none); absent, it stays. */
  stepDue?: string | null;
  /** The reason or note is not written on the event (it is elsewhere: the answer, the rating). */
  dropNote?: true;
  /** The notification sent (null: none); absent, the action's own when the table marks it public. */
  notify?: string | null;
}

export type EffectOf = (step: TransitionStep) => Promise<Effect>;
