import type { CommentTargetDef, ModuleManifest } from '../../platform/module';

export type { CommentTargetDef };

/**
 * The kinds of things people can comment on: each module declares its own in its manifest (`commentTargets`); the
 * comments module's `start` registers them (useCommentTargets) at every start of a process.
 */
const targets = new Map<string, CommentTargetDef>();

export function registerCommentTarget(targetType: string, def: CommentTargetDef): void {
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(targetType)) throw new Error(`Bad comment target type ${targetType}`);
  targets.set(targetType, def);
}

/** Registers the comment targets the manifests declare. */
export function useCommentTargets(modules: readonly ModuleManifest[]): void {
  for (const m of modules) for (const [type, def] of Object.entries(m.commentTargets ?? {})) registerCommentTarget(type, def);
}

export function commentTarget(targetType: string): CommentTargetDef | undefined {
  return targets.get(targetType);
}

export function commentTargetTypes(): string[] {
  return [...targets.keys()];
}
