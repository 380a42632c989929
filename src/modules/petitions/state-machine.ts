import { grantsCovering, type Principal } from '../../platform/access/principal';
import { STATES, type PetitionState, type Track } from './model';

/**
 * The petition lifecycle as data (DOMAIN §5): a transition table and pure functions over it.
 * The service adds what needs the database (deadlines, notifications, audit); nothing here does I/O.
 */

/** Who the caller is in relation to one petition. Officer/head: a grant at the petition's current agency. */
export const ACTOR_ROLES = ['owner', 'officer', 'head', 'front_officer', 'supervisor', 'admin', 'system'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

export const ACTIONS = [
  'receive',
  'direct',
  'forward',
  'assign',
  'draft_answer',
  'request_changes',
  'approve',
  'publish',
  'rate',
  'close',
  'reopen',
  'merge',
  'withdraw',
  'extend',
  'note',
] as const;
export type ActionName = (typeof ACTIONS)[number];

/** Input a transition needs beyond the action name (checked by the schema and by `missingFields`). */
export const REQUIRED_FIELDS = [
  'reason',
  'targetAgencyId',
  'directedTo',
  'assigneeId',
  'answerText',
  'targetPetitionId',
  'score',
  'note',
] as const;
export type RequiredField = (typeof REQUIRED_FIELDS)[number];

/** Conditions evaluated by the service (they need the clock or settings), passed in as booleans. */
export type Guard = 'reopenWindowOpen' | 'extensionsLeft' | 'notRated' | 'satisfied' | 'dissatisfied';

export interface TransitionRule {
  action: ActionName;
  from: readonly PetitionState[];
  /** 'same': the state does not change (extend, note). */
  to: PetitionState | 'same';
  roles: readonly ActorRole[];
  requires: readonly RequiredField[];
  /** Shown on the public timeline (and to the petitioner), without personal data. */
  public: boolean;
  /** Tracks the action exists on (default: both). */
  tracks?: readonly Track[];
  guards?: readonly Guard[];
}

const INTAKE: PetitionState[] = ['submitted', 'forwarded', 'reopened'];
const BEFORE_ANSWER: PetitionState[] = ['submitted', 'forwarded', 'received', 'assigned', 'answer_drafted', 'approved', 'reopened'];

export const TRANSITIONS: readonly TransitionRule[] = [
  // Thụ lý: the agency accepts the petition as within its competence.
  { action: 'receive', from: INTAKE, to: 'received', roles: ['officer', 'head'], requires: [], public: true },
  // Hướng dẫn: not competent; the citizen is directed to the competent body (named).
  { action: 'direct', from: [...INTAKE, 'received'], to: 'directed', roles: ['officer', 'head'], requires: ['directedTo', 'reason'], public: true },
  // Chuyển đơn: sent to another agency, which sees it at once in its inbox (counted).
  { action: 'forward', from: [...INTAKE, 'received', 'assigned'], to: 'forwarded', roles: ['officer', 'head'], requires: ['targetAgencyId', 'reason'], public: true },
  { action: 'assign', from: ['received', 'assigned', 'reopened'], to: 'assigned', roles: ['officer', 'head'], requires: ['assigneeId'], public: true },
  { action: 'draft_answer', from: ['assigned', 'answer_drafted'], to: 'answer_drafted', roles: ['officer', 'head'], requires: ['answerText'], public: false },
  { action: 'request_changes', from: ['answer_drafted', 'approved'], to: 'assigned', roles: ['head'], requires: ['reason'], public: false },
  { action: 'approve', from: ['answer_drafted'], to: 'approved', roles: ['head'], requires: [], public: false },
  { action: 'publish', from: ['approved'], to: 'answered', roles: ['officer', 'head'], requires: [], public: true },
  // Đánh giá: a satisfied petitioner closes the case; a dissatisfied one leaves it answered, open to reopening.
  { action: 'rate', from: ['answered'], to: 'closed', roles: ['owner'], requires: ['score'], public: true, tracks: ['general'], guards: ['notRated', 'satisfied'] },
  { action: 'rate', from: ['answered'], to: 'same', roles: ['owner'], requires: ['score'], public: true, tracks: ['general'], guards: ['notRated', 'dissatisfied'] },
  { action: 'close', from: ['answered', 'directed'], to: 'closed', roles: ['officer', 'head', 'admin', 'system'], requires: [], public: true },
  { action: 'reopen', from: ['answered', 'closed', 'directed'], to: 'reopened', roles: ['owner'], requires: ['reason'], public: true, tracks: ['general'], guards: ['reopenWindowOpen'] },
  { action: 'merge', from: [...INTAKE, 'received', 'assigned'], to: 'merged', roles: ['officer', 'head', 'admin'], requires: ['targetPetitionId'], public: true },
  { action: 'withdraw', from: BEFORE_ANSWER, to: 'withdrawn', roles: ['owner', 'head'], requires: ['reason'], public: true },
  { action: 'extend', from: ['received', 'assigned', 'answer_drafted', 'approved', 'reopened'], to: 'same', roles: ['head'], requires: ['reason'], public: true, guards: ['extensionsLeft'] },
  { action: 'note', from: [...BEFORE_ANSWER, 'answered', 'directed'], to: 'same', roles: ['officer', 'head', 'front_officer', 'supervisor'], requires: ['note'], public: false },
];

export const TERMINAL_STATES: readonly PetitionState[] = ['merged', 'withdrawn'];

export function rulesFor(action: ActionName): TransitionRule[] {
  return TRANSITIONS.filter((r) => r.action === action);
}

/** The minimum a role check needs to know of a petition. */
export interface PetitionRef {
  status: PetitionState;
  track: Track;
  agencyId: number;
  petitionerId: number | null;
  /** Unit of the current agency (and its province), for supervisors, Front officers and admins. */
  agencyUnit: { code: string; provinceCode: string };
}

/**
 * The caller's roles for this petition: owner when they are the petitioner; officer/head when they hold the
 * role at the petition's current agency; Front officer, supervisor and admin when their grant covers the
 * agency's unit (grantsCovering: the unit itself, or its province for a provincial agency).
 */
export function actorRoles(p: PetitionRef, principal: Principal | null | 'system'): Set<ActorRole> {
  const roles = new Set<ActorRole>();
  if (principal === 'system') {
    roles.add('system');
    return roles;
  }
  if (!principal) return roles;
  if (p.petitionerId !== null && principal.id === p.petitionerId) roles.add('owner');
  for (const g of principal.roles) {
    if ((g.role === 'officer' || g.role === 'head') && g.agencyId === p.agencyId) roles.add(g.role);
  }
  for (const g of grantsCovering(principal, p.agencyUnit, ['front_officer', 'supervisor', 'admin'])) roles.add(g.role);
  return roles;
}

export type GuardValues = Partial<Record<Guard, boolean>>;

export type Refusal =
  | { ok: false; reason: 'state'; allowed: ActionName[] } // not from this state (→ 422)
  | { ok: false; reason: 'role' } // the caller may not (→ 403)
  | { ok: false; reason: 'guard'; guard: Guard } // a time window or limit (→ 422)
  | { ok: false; reason: 'track' }; // not on this track (→ 422)

export type Decision = { ok: true; rule: TransitionRule; to: PetitionState } | Refusal;

/**
 * May these roles run the action now? Order of reasons: wrong track, wrong state (with the allowed actions),
 * wrong role, failed guard. Guards that are not given count as satisfied (the service always gives them).
 */
export function canTransition(
  p: Pick<PetitionRef, 'status' | 'track'>,
  roles: ReadonlySet<ActorRole>,
  action: ActionName,
  guards: GuardValues = {},
): Decision {
  const rules = rulesFor(action);
  const onTrack = rules.filter((r) => !r.tracks || r.tracks.includes(p.track));
  if (rules.length && !onTrack.length) return { ok: false, reason: 'track' };
  const fromHere = onTrack.filter((r) => r.from.includes(p.status));
  if (!fromHere.length) return { ok: false, reason: 'state', allowed: availableActions(p, roles, guards) };
  const permitted = fromHere.filter((r) => r.roles.some((role) => roles.has(role)));
  if (!permitted.length) return { ok: false, reason: 'role' };
  // Rows of one action may differ by their guards (rate: satisfied or not): the first whose guards hold applies.
  const rule = permitted.find((r) => (r.guards ?? []).every((g) => guards[g] !== false));
  if (!rule) return { ok: false, reason: 'guard', guard: (permitted[0].guards ?? []).find((g) => guards[g] === false)! };
  return { ok: true, rule, to: rule.to === 'same' ? p.status : rule.to };
}

/** Actions these roles may run from the petition's state (respecting tracks and the given guards). */
export function availableActions(
  p: Pick<PetitionRef, 'status' | 'track'>,
  roles: ReadonlySet<ActorRole>,
  guards: GuardValues = {},
): ActionName[] {
  const out: ActionName[] = [];
  for (const r of TRANSITIONS) {
    if (r.tracks && !r.tracks.includes(p.track)) continue;
    if (!r.from.includes(p.status)) continue;
    if (!r.roles.some((role) => roles.has(role))) continue;
    if ((r.guards ?? []).some((g) => guards[g] === false)) continue;
    if (!out.includes(r.action)) out.push(r.action);
  }
  return out;
}

/** The state an action leads to from `from` (ignoring roles), or null when the table has no such row. */
export function nextState(from: PetitionState, action: ActionName, track: Track = 'general'): PetitionState | null {
  const r = TRANSITIONS.find((x) => x.action === action && x.from.includes(from) && (!x.tracks || x.tracks.includes(track)));
  if (!r) return null;
  return r.to === 'same' ? from : r.to;
}

/** Fields a transition requires that are absent (empty strings count as absent). */
export function missingFields(rule: TransitionRule, input: Partial<Record<RequiredField, unknown>>): RequiredField[] {
  return rule.requires.filter((f) => {
    const v = input[f];
    return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
  });
}

/** What the pure part of a transition changes on the petition (the service adds deadlines and text). */
export interface TransitionPatch {
  status: PetitionState;
  forwardCountDelta: number;
  extensionCountDelta: number;
  reopenCountDelta: number;
  /** Clear the assignee (the case left the agency, or came back for intake). */
  clearAssignee: boolean;
  /** Open again after being answered: the answer period starts anew. */
  restartsDeadline: boolean;
  /** The petition is finished: no step deadline, no escalation. */
  stopsDeadline: boolean;
}

/** `to`: the state canTransition decided (rows of one action may lead to different states by their guards). */
export function apply(p: Pick<PetitionRef, 'status' | 'track'>, action: ActionName, decided?: PetitionState): TransitionPatch {
  const to = decided ?? nextState(p.status, action, p.track);
  if (!to) throw new Error(`No transition ${action} from ${p.status}`);
  return {
    status: to,
    forwardCountDelta: action === 'forward' ? 1 : 0,
    extensionCountDelta: action === 'extend' ? 1 : 0,
    reopenCountDelta: action === 'reopen' ? 1 : 0,
    clearAssignee: action === 'forward' || action === 'reopen',
    restartsDeadline: action === 'forward' || action === 'reopen',
    stopsDeadline: ['answered', 'directed', 'closed', 'merged', 'withdrawn'].includes(to),
  };
}

/** Every state has a rule leading in, or is the initial state (used by the table tests). */
export function reachableStates(): Set<PetitionState> {
  const seen = new Set<PetitionState>(['submitted']);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of TRANSITIONS) {
      if (r.to === 'same') continue;
      if (r.from.some((f) => seen.has(f)) && !seen.has(r.to)) {
        seen.add(r.to);
        grew = true;
      }
    }
  }
  return seen;
}

export { STATES };
