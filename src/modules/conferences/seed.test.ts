import { expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import { docxText } from '../../platform/documents/zip';
import { documentFile, listPublic, questionsOf } from './service';

describeEachEngine(
  'conferences demo',
  (getApp) => {
    it('holds the past Chiềng Cơi conference with its answers, minutes and notice, and an upcoming one open for registration', async () => {
      const { ctx } = getApp();
      const past = await listPublic(ctx, { when: 'past', unitCode: '03670' });
      const held = past.items.find((c) => c.title.includes('Bí thư Đảng ủy và Chủ tịch UBND phường'))!;
      expect(held.status).toBe('results_published');
      const qs = await questionsOf(ctx.db, held.id);
      expect(qs.filter((q) => q.status === 'answered').length).toBeGreaterThanOrEqual(3);
      expect(qs.some((q) => q.status === 'petition' && q.createdPetitionId)).toBe(true);
      expect(qs.some((q) => q.level === 'above')).toBe(true);
      expect(docxText(await documentFile(ctx, null, held.id, 'minutes', 'docx'))).toContain('BIÊN BẢN');
      expect(docxText(await documentFile(ctx, null, held.id, 'conclusion', 'docx'))).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
      const upcoming = await listPublic(ctx, { when: 'upcoming', unitCode: '03670' });
      expect(upcoming.items.some((c) => c.status === 'announced')).toBe(true);
    });
  },
  { demo: true },
);
