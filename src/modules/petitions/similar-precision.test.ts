import { expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness';
import { measureSimilar, precisionTable } from './similar-precision';
import { SIMILAR_MIN_SCORE } from './service/read';

describeEachEngine('the similar-petitions box on the labelled set', (getApp) => {
  it('shows only suggestions above the threshold, and nineteen in twenty of them are the same problem', async () => {
    // The first 150 of the consolidation issue's labelled petitions (the full set's figures: docs/benchmarks.md).
    const { suggestions, asked } = await measureSimilar(getApp().ctx, { limit: 150, minScore: 0 });
    expect(asked).toBe(150);
    const [all, shown] = precisionTable(suggestions, [0, SIMILAR_MIN_SCORE]);
    // Above the threshold the box is right nineteen times in twenty, and keeps most of the right suggestions.
    expect(shown.precision).toBeGreaterThanOrEqual(0.95);
    expect(shown.precision).toBeGreaterThan(all.precision);
    expect(shown.right).toBeGreaterThan(0.7 * all.right);
  }, 600_000);
});
