import { expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import { quarterOf } from './period';
import { getDossier } from './service';
import { STATISTICS } from './statistics';

describeEachEngine(
  'consolidation demo and statistics',
  (getApp) => {
    it('the Front of phường Chiềng Cơi has gathered opinions from several villages and organisations, consolidated into topics, some pressing', async () => {
      const app = getApp();
      const period = quarterOf(app.clock.now());
      const d = await getDossier(app.ctx, { unitCode: '03670', period });
      expect(d.topics.length).toBeGreaterThanOrEqual(6);
      const pressing = d.topics.filter((t) => t.pressing);
      expect(pressing.length).toBeGreaterThanOrEqual(2);
      expect(d.topics[0].pressing).toBe(true);
      const orgs = new Set(d.topics.flatMap((t) => t.sources.map((s) => s.organisation)));
      expect(orgs.size).toBeGreaterThanOrEqual(4);
      const open = await app.ctx.db.selectFrom('consolidation_proposals').select('id').where('status', '=', 'open').execute();
      expect(open.length).toBeGreaterThanOrEqual(1);

      const stat = (key: string) => STATISTICS.find((s) => s.key === key)!;
      const range = { from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 86_400_000) };
      expect(await stat('consolidation.topics').compute(app.ctx.db, { unitCode: '03670', ...range })).toBe(d.topics.length);
      expect(await stat('consolidation.topics').compute(app.ctx.db, { unitCode: '14', ...range })).toBe(d.topics.length);
      expect(await stat('consolidation.pressingTopics').compute(app.ctx.db, { unitCode: '14', ...range })).toBe(pressing.length);
      expect(await stat('consolidation.topics').compute(app.ctx.db, { unitCode: '03646', ...range })).toBe(0);
      expect(await stat('consolidation.topics').compute(app.ctx.db, { unitCode: '03670', from: new Date('2020-01-01'), to: new Date('2020-12-31') })).toBe(0);
    });
  },
  { demo: true },
);
