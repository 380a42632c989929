import type { AppContext } from '../../platform/context';
import type { Principal } from '../../platform/access/principal';
import type { Executor } from '../../platform/db/types';

/**
 * A module declares each kind of thing people can comment on (an article, a disclosed document, a
 * consultation, a petition's public page) with registerCommentTarget, at import time of its index.ts.
 */
export interface CommentTargetDef {
  /**
   * Whether this principal (null: a guest) may comment on the target now. Return true, false (the
   * generic "comments are closed" message) or a message key saying why not (e.g. the window closed).
   * Return false for a target that does not exist or is not public.
   */
  canComment(ctx: AppContext, principal: Principal | null, targetId: number): Promise<boolean | string>;
  /** The public page of the target (where a posted comment sends the person back to). */
  link(targetId: number): string;
  /** The target's title, or null when it does not exist (→ 404). */
  title(db: Executor, targetId: number): Promise<string | null>;
  /**
   * The unit and agency the target belongs to: per-unit comment settings apply, and the agency's
   * officers moderate its comments. Optional: without it only administrators moderate.
   */
  scope?(db: Executor, targetId: number): Promise<{ unitCode: string | null; agencyId: number | null }>;
  /** The parts one may comment on separately (sections of a consultation document). */
  sections?(db: Executor, targetId: number): Promise<Array<{ key: string; label: string }>>;
}

const targets = new Map<string, CommentTargetDef>();

export function registerCommentTarget(targetType: string, def: CommentTargetDef): void {
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(targetType)) throw new Error(`Bad comment target type ${targetType}`);
  targets.set(targetType, def);
}

export function commentTarget(targetType: string): CommentTargetDef | undefined {
  return targets.get(targetType);
}

export function commentTargetTypes(): string[] {
  return [...targets.keys()];
}
