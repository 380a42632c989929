import { describe, expect, it } from 'vitest';
import { renderToString } from 'preact-render-to-string';
import { RenderedOnce } from './rendered-once';

describe('RenderedOnce', () => {
  it('draws a value once per variant and anew for a new value', () => {
    let calls = 0;
    const draw = (value: { n: number }, variant: string) =>
      renderToString(<RenderedOnce of={value} variant={variant} render={() => (calls++, <p>{`${variant}: ${value.n} & <b>`}</p>)} />);
    const first = { n: 1 };
    expect(draw(first, 'vi')).toBe('<div class="rendered-part"><p>vi: 1 &amp; &lt;b></p></div>');
    expect(draw(first, 'vi')).toBe('<div class="rendered-part"><p>vi: 1 &amp; &lt;b></p></div>');
    expect(calls).toBe(1);
    expect(draw(first, 'en')).toContain('en: 1');
    expect(calls).toBe(2);
    // What a cache holds after forget(): another object, drawn again even if equal.
    expect(draw({ n: 2 }, 'vi')).toContain('vi: 2');
    expect(calls).toBe(3);
  });

  it('keeps a bounded number of variants of one value', () => {
    let calls = 0;
    const value = {};
    for (let round = 0; round < 2; round++) for (let i = 0; i < 20; i++) renderToString(<RenderedOnce of={value} variant={`q${i}`} render={() => (calls++, <p>{i}</p>)} />);
    expect(calls).toBe(20 + 12);
  });
});
