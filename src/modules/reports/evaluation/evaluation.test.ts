import { expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/harness';
import { csrfFrom, formBody, loginAs } from '../../accounts/testing';
import { CHIENG_COI } from '../../petitions/testing';
import { criterionScore, listCriteria } from './service';

const form = { 'content-type': 'application/x-www-form-urlencoded' };

describeEachEngine(
  'reports: yearly evaluation',
  (getApp) => {
    it('ranks the communes with enough cases, says so for the others, and links every number to its figures', async () => {
      const app = getApp();
      const res = await app.server.inject({ url: '/danh-gia' });
      expect(res.statusCode).toBe(200);
      const row = new RegExp(`<tr data-unit="${CHIENG_COI}"><td>(\\d+)</td>`).exec(res.body);
      expect(Number(row?.[1])).toBeGreaterThan(0);
      expect(res.body).toContain('Chưa đủ số liệu để xếp hạng');
      expect(res.body).toContain(`/so-lieu?unit=${CHIENG_COI}&amp;from=`);
    });

    it('lets an administrator edit criteria and weights, and no one else', async () => {
      const app = getApp();
      const admin = await loginAs(app, 'quantri@example.com');
      const page = await app.server.inject({ url: '/quan-tri/danh-gia', headers: { cookie: admin.cookie } });
      expect(page.statusCode).toBe(200);
      const csrf = csrfFrom(page.body);
      const ok = await app.server.inject({
        method: 'POST',
        url: '/quan-tri/danh-gia',
        headers: { cookie: admin.cookie, ...form },
        payload: formBody({ _csrf: csrf, statKey: ['petitions.onTimeRate', 'petitions.ratingAvg'], weight: ['60', '40'], target: ['90', '4.5'], active: ['1', '1'] }),
      });
      expect(ok.statusCode).toBe(303);
      const saved = await listCriteria(app.ctx.db);
      expect(saved.find((c) => c.statKey === 'petitions.onTimeRate')).toMatchObject({ weight: 60, target: 90 });
      const bad = await app.server.inject({ method: 'POST', url: '/quan-tri/danh-gia', headers: { cookie: admin.cookie, ...form }, payload: formBody({ _csrf: csrf, statKey: ['petitions.onTimeRate'], weight: ['500'], target: ['90'], active: ['1'] }) });
      expect(bad.statusCode).toBe(422);
      const head = await loginAs(app, 'chutich@example.com');
      expect((await app.server.inject({ url: '/quan-tri/danh-gia', headers: { cookie: head.cookie } })).statusCode).toBe(403);
    });

    it('lets the level above comment on the ranking, not the commune', async () => {
      const app = getApp();
      const sup = await loginAs(app, 'sonla@example.com');
      const page = await app.server.inject({ url: '/danh-gia', headers: { cookie: sup.cookie } });
      const res = await app.server.inject({ method: 'POST', url: '/danh-gia/y-kien', headers: { cookie: sup.cookie, ...form }, payload: formBody({ _csrf: csrfFrom(page.body), unit: CHIENG_COI, body: 'Cần giảm số vụ việc kéo dài trong năm tới.' }) });
      expect(res.statusCode).toBe(303);
      expect((await app.server.inject({ url: '/danh-gia', headers: { cookie: sup.cookie } })).body).toContain('Cần giảm số vụ việc kéo dài');
      const head = await loginAs(app, 'chutich@example.com');
      const hp = await app.server.inject({ url: '/so-lieu', headers: { cookie: head.cookie } });
      const refused = await app.server.inject({ method: 'POST', url: '/danh-gia/y-kien', headers: { cookie: head.cookie, ...form }, payload: formBody({ _csrf: csrfFrom(hp.body.includes('_csrf') ? hp.body : (await app.server.inject({ url: '/bao-cao', headers: { cookie: head.cookie } })).body), unit: CHIENG_COI, body: 'Tự khen đơn vị mình.' }) });
      expect(refused.statusCode).toBe(403);
    });

    it('scores a value against its target', () => {
      expect(criterionScore(90, 100, true)).toBe(0.9);
      expect(criterionScore(120, 100, true)).toBe(1);
      expect(criterionScore(0, 0, false)).toBe(1);
      expect(criterionScore(3, 0, false)).toBe(0.25);
      expect(criterionScore(20, 10, false)).toBe(0.5);
    });
  },
  { demo: true },
);
