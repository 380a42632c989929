import { describe, expect, it } from 'vitest';
import { modules } from '../../modules';
import { MATRIX_ROLES } from '../module';
import { expected, matrixPrincipal, matrixTarget, TARGET_PLACES } from './matrix';

/**
 * The role × action matrix, generated from every module's manifest: for each permission, each role of MATRIX_ROLES
 * and each place of a target, `check` must answer what `expect` says. A new module's permissions are covered by
 * declaring them.
 */
const declared = modules.flatMap((m) => (m.permissions ?? []).map((p) => ({ module: m, p })));

describe('role × action matrix', () => {
  it('is declared by the modules that have actions, with unique names and labels in both languages', () => {
    const names = new Set(declared.map((d) => d.module.name));
    for (const m of ['petitions', 'disclosure', 'comments', 'accounts', 'directory', 'calendar', 'news']) expect(names, m).toContain(m);
    const actions = declared.map((d) => d.p.action);
    expect(new Set(actions).size).toBe(actions.length);
    for (const { module, p } of declared) {
      expect(p.action.startsWith(`${module.name}.`), p.action).toBe(true);
      expect(module.messages?.vi[p.label], `${p.action} label (vi)`).toBeTruthy();
      expect(module.messages?.en[p.label], `${p.action} label (en)`).toBeTruthy();
      for (const role of Object.keys(p.expect)) expect(MATRIX_ROLES as readonly string[], p.action).toContain(role);
    }
  });

  for (const { p } of declared) {
    describe(p.action, () => {
      for (const role of MATRIX_ROLES) {
        const reach = p.expect[role] ?? 'none';
        it(`${role}: ${reach}`, () => {
          const principal = matrixPrincipal(role);
          const got = TARGET_PLACES.map((place) => [place, p.check(principal, matrixTarget(place))]);
          const want = TARGET_PLACES.map((place) => [place, expected(role, reach, place)]);
          expect(got).toEqual(want);
        });
      }
    });
  }
});
