import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import { createApiToken } from '../../modules/accounts/service';
import { createCast, petitionInput, type Cast } from '../../modules/petitions/testing';
import { createPetition } from '../../modules/petitions/service';

/**
 * Allow and deny over HTTP for a few key routes, role by role, in the caller's own unit and in another one (the matrix
 * test checks the policy functions; this one that the routes call them).
 */
describeEachEngine('key routes allow and deny by role and unit', (getApp) => {
  let c: Cast;
  const tokens = new Map<string, string>();
  let privateCC = 0;
  let privateTH = 0;
  const who = ['citizenA', 'citizenB', 'officerCC', 'headCC', 'bithuCC', 'frontCC', 'officerTH', 'provOfficer', 'supervisor', 'admin'] as const;
  beforeAll(async () => {
    const ctx = getApp().ctx;
    c = await createCast(ctx);
    for (const k of who) tokens.set(k, (await createApiToken(ctx, c[k], { name: 'matrix' })).token);
    privateCC = (await createPetition(ctx, c.citizenA, petitionInput({ visibility: 'private' }), { skipRateLimit: true })).petition.id;
    privateTH = (await createPetition(ctx, c.citizenB, petitionInput({ visibility: 'private', unitCode: c.units.toHieu }), { skipRateLimit: true })).petition.id;
  });
  const call = (k: (typeof who)[number] | null, method: 'GET' | 'POST', url: string, payload?: object) =>
    getApp().server.inject({ method, url, payload, headers: k ? { authorization: `Bearer ${tokens.get(k)}` } : {} });

  it('reads a private petition: the petitioner, its own commune’s officials and the supervisor; nobody else', async () => {
    const read = async (k: (typeof who)[number] | null, id: number) => (await call(k, 'GET', `/api/v1/petitions/${id}`)).statusCode;
    const own: Record<string, number> = {};
    const other: Record<string, number> = {};
    for (const k of [null, ...who]) {
      own[k ?? 'anonymous'] = await read(k, privateCC);
      other[k ?? 'anonymous'] = await read(k, privateTH);
    }
    expect(own).toEqual({ anonymous: 404, citizenA: 200, citizenB: 404, officerCC: 200, headCC: 200, bithuCC: 200, frontCC: 200, officerTH: 404, provOfficer: 200, supervisor: 200, admin: 200 });
    expect(other).toEqual({ anonymous: 404, citizenA: 404, citizenB: 200, officerCC: 404, headCC: 404, bithuCC: 404, frontCC: 404, officerTH: 200, provOfficer: 200, supervisor: 200, admin: 200 });
  });

  it('receives a petition: only its agency’s officers and heads', async () => {
    const fresh = async () => (await createPetition(getApp().ctx, c.citizenA, petitionInput({ title: `Đèn đường hỏng ở tổ ${Math.random()}` }), { skipRateLimit: true })).petition.id;
    const id = await fresh();
    for (const k of ['citizenA', 'frontCC', 'officerTH', 'provOfficer', 'supervisor'] as const) {
      const r = await call(k, 'POST', `/api/v1/petitions/${id}/transitions`, { action: 'receive' });
      expect([403, 404, 409, 422], `${k}: ${r.statusCode}`).toContain(r.statusCode);
    }
    expect((await call(null, 'POST', `/api/v1/petitions/${id}/transitions`, { action: 'receive' })).statusCode).toBe(401);
    expect((await call('officerCC', 'POST', `/api/v1/petitions/${id}/transitions`, { action: 'receive' })).statusCode).toBe(200);
  });

  it('enters a petition for a citizen: own commune allowed, another commune refused', async () => {
    const body = (over: object) => petitionInput({ petitioner: { name: 'Lò Văn Xôm' }, channel: 'reception_desk', ...over });
    for (const k of ['officerCC', 'headCC', 'bithuCC', 'frontCC'] as const) {
      expect((await call(k, 'POST', '/api/v1/petitions', body({ title: `Tiếp dân ${k} ở phường` }))).statusCode, k).toBe(201);
      expect((await call(k, 'POST', '/api/v1/petitions', body({ unitCode: c.units.toHieu }))).statusCode, k).toBe(422);
    }
    for (const k of ['citizenA', 'supervisor', 'admin'] as const) expect((await call(k, 'POST', '/api/v1/petitions', body({}))).statusCode, k).toBe(403);
  });

  it('administration pages: the administrator only', async () => {
    for (const url of ['/quan-tri/nguoi-dung', '/quan-tri/co-quan', '/quan-tri/lich-lam-viec']) {
      for (const k of ['citizenA', 'officerCC', 'headCC', 'supervisor'] as const) expect((await call(k, 'GET', url)).statusCode, `${k} ${url}`).toBe(403);
      expect((await call('admin', 'GET', url)).statusCode, url).toBe(200);
    }
  });
});
