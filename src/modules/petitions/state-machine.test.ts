import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Principal } from '../../platform/access/principal';
import { STATES, type PetitionState, type Track } from './model';
import {
  ACTIONS,
  ACTOR_ROLES,
  REQUIRED_FIELDS,
  TERMINAL_STATES,
  TRANSITIONS,
  actorRoles,
  apply,
  availableActions,
  canTransition,
  missingFields,
  nextState,
  reachableStates,
  type ActionName,
  type ActorRole,
} from './state-machine';

const state = fc.constantFrom(...STATES);
const action = fc.constantFrom(...ACTIONS);
const track = fc.constantFrom<Track>('general', 'legal');
const roles = fc.subarray([...ACTOR_ROLES]).map((r) => new Set<ActorRole>(r));
const guards = fc.record({ reopenWindowOpen: fc.boolean(), extensionsLeft: fc.boolean(), notRated: fc.boolean() });

describe('petition state machine (the table)', () => {
  it('uses only known states, actions, roles and fields', () => {
    for (const r of TRANSITIONS) {
      expect(ACTIONS).toContain(r.action);
      for (const f of r.from) expect(STATES).toContain(f);
      if (r.to !== 'same') expect(STATES).toContain(r.to);
      expect(r.roles.length).toBeGreaterThan(0);
      for (const role of r.roles) expect(ACTOR_ROLES).toContain(role);
      for (const f of r.requires) expect(REQUIRED_FIELDS).toContain(f);
    }
  });

  it('has one row per action (or rows told apart by their guards) and every action in the table', () => {
    for (const a of ACTIONS) {
      const rows = TRANSITIONS.filter((r) => r.action === a);
      expect(rows.length, a).toBeGreaterThan(0);
      // Two rows of one action each carry a guard the other lacks (rate: satisfied / dissatisfied).
      for (const r of rows) for (const o of rows) if (r !== o) expect((r.guards ?? []).some((g) => !(o.guards ?? []).includes(g)), a).toBe(true);
    }
    expect(TRANSITIONS.filter((r) => r.action !== 'rate').length).toBe(new Set(TRANSITIONS.filter((r) => r.action !== 'rate').map((r) => r.action)).size);
  });

  it('reaches every state from submitted', () => {
    expect([...reachableStates()].sort()).toEqual([...STATES].sort());
  });

  it('merged and withdrawn are terminal; closed only reopens; directed only closes, reopens or takes a note', () => {
    for (const s of TERMINAL_STATES) expect(TRANSITIONS.filter((r) => r.from.includes(s))).toEqual([]);
    expect(TRANSITIONS.filter((r) => r.from.includes('closed')).map((r) => r.action)).toEqual(['reopen']);
    expect(TRANSITIONS.filter((r) => r.from.includes('directed')).map((r) => r.action).sort()).toEqual(['close', 'note', 'reopen']);
  });

  it('lets only the petitioner rate, reopen and (with the head) withdraw; only the head approves and extends', () => {
    const rule = (a: ActionName) => TRANSITIONS.find((r) => r.action === a)!;
    expect(rule('rate').roles).toEqual(['owner']);
    expect(rule('reopen').roles).toEqual(['owner']);
    expect(rule('withdraw').roles).toEqual(['owner', 'head']);
    expect(rule('approve').roles).toEqual(['head']);
    expect(rule('extend').roles).toEqual(['head']);
    expect(rule('rate').tracks).toEqual(['general']);
    expect(rule('reopen').tracks).toEqual(['general']);
    expect(rule('forward').requires).toEqual(['targetAgencyId', 'reason']);
    expect(rule('direct').requires).toContain('directedTo');
  });

  it('follows the happy path submitted → received → assigned → drafted → approved → answered → closed', () => {
    const path: Array<[ActionName, PetitionState]> = [
      ['receive', 'received'],
      ['assign', 'assigned'],
      ['draft_answer', 'answer_drafted'],
      ['approve', 'approved'],
      ['publish', 'answered'],
      ['rate', 'closed'],
      ['reopen', 'reopened'],
    ];
    let s: PetitionState = 'submitted';
    for (const [a, to] of path) {
      const next = nextState(s, a);
      expect(next, `${a} from ${s}`).toBe(to);
      s = next!;
    }
  });

  it('never leads out of the state set, and agrees with apply()', () => {
    fc.assert(
      fc.property(state, action, track, (s, a, t) => {
        const next = nextState(s, a, t);
        if (next === null) {
          expect(() => apply({ status: s, track: t }, a)).toThrow();
          return;
        }
        expect(STATES).toContain(next);
        const patch = apply({ status: s, track: t }, a);
        expect(patch.status).toBe(next);
        expect(patch.forwardCountDelta).toBe(a === 'forward' ? 1 : 0);
        expect(patch.reopenCountDelta).toBe(a === 'reopen' ? 1 : 0);
        expect(patch.extensionCountDelta).toBe(a === 'extend' ? 1 : 0);
        if (TERMINAL_STATES.includes(next) || next === 'closed' || next === 'answered') expect(patch.stopsDeadline).toBe(true);
      }),
    );
  });

  it('availableActions is exactly the set canTransition allows', () => {
    fc.assert(
      fc.property(state, track, roles, guards, (s, t, r, g) => {
        const avail = availableActions({ status: s, track: t }, r, g);
        for (const a of ACTIONS) {
          const d = canTransition({ status: s, track: t }, r, a, g);
          expect(d.ok, `${a} from ${s} (${t}) by ${[...r]}`).toBe(avail.includes(a));
          if (!d.ok && d.reason === 'state') expect(d.allowed).toEqual(avail);
        }
      }),
    );
  });

  it('refuses by state before role, and by role before guard', () => {
    fc.assert(
      fc.property(state, track, action, guards, (s, t, a, g) => {
        const none = canTransition({ status: s, track: t }, new Set(), a, g);
        expect(none.ok).toBe(false);
        if (nextState(s, a, t) !== null && !none.ok) expect(none.reason).toBe('role');
      }),
    );
    const closedWindow = canTransition({ status: 'answered', track: 'general' }, new Set(['owner']), 'reopen', { reopenWindowOpen: false });
    expect(closedWindow).toEqual({ ok: false, reason: 'guard', guard: 'reopenWindowOpen' });
    expect(canTransition({ status: 'answered', track: 'legal' }, new Set(['owner']), 'rate')).toEqual({ ok: false, reason: 'track' });
  });

  it('lists the missing required fields', () => {
    const forward = TRANSITIONS.find((r) => r.action === 'forward')!;
    expect(missingFields(forward, { reason: '  ' })).toEqual(['targetAgencyId', 'reason']);
    expect(missingFields(forward, { reason: 'Không thuộc thẩm quyền', targetAgencyId: 3 })).toEqual([]);
  });
});

describe('actor roles of a principal for a petition', () => {
  const grant = (role: Principal['roles'][number]['role'], agencyId: number, unitCode: string, level: 'province' | 'commune' = 'commune') => ({
    role,
    agencyId,
    unitCode,
    provinceCode: '14',
    unitLevel: level,
  });
  const who = (id: number, g: Principal['roles']): Principal => ({ id, name: 'x', email: null, phone: null, kind: g.length ? 'official' : 'citizen', unitCode: null, roles: g, via: 'session' });
  const p = { status: 'submitted' as const, track: 'general' as const, agencyId: 10, petitionerId: 1, agencyUnit: { code: '03670', provinceCode: '14' } };

  it('gives officer/head only at the petition’s current agency', () => {
    expect([...actorRoles(p, who(2, [grant('officer', 10, '03670')]))]).toEqual(['officer']);
    expect([...actorRoles(p, who(3, [grant('head', 11, '03670')]))]).toEqual([]);
    expect([...actorRoles(p, who(4, [grant('officer', 20, '03646')]))]).toEqual([]);
  });

  it('gives owner to the petitioner, supervisor and admin where their grant covers the agency’s unit', () => {
    expect([...actorRoles(p, who(1, []))]).toEqual(['owner']);
    expect([...actorRoles(p, who(5, [grant('supervisor', 99, '14', 'province')]))]).toEqual(['supervisor']);
    expect([...actorRoles(p, who(6, [grant('admin', 98, '03646')]))]).toEqual([]);
    expect([...actorRoles(p, null)]).toEqual([]);
    expect([...actorRoles(p, 'system')]).toEqual(['system']);
  });
});
