import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

const rendered = new WeakMap<object, Map<string, string>>();
const VARIANTS_PER_VALUE = 8;

/**
 * A part of a page drawn only from one cached, frozen value (a list page kept by a ReadCache) and a few facts of the
 * request named by `variant` (the locale, the query): rendered once per value and variant, then reused by every
 * request that reads the same value. The cache's forget() replaces the value, and the HTML goes with it.
 */
export function RenderedOnce({ of, variant, render }: { of: object; variant: string; render: () => VNode }) {
  let byVariant = rendered.get(of);
  if (!byVariant) rendered.set(of, (byVariant = new Map()));
  let html = byVariant.get(variant);
  if (html === undefined) {
    html = renderToString(render());
    if (byVariant.size < VARIANTS_PER_VALUE) byVariant.set(variant, html);
  }
  return <div class="rendered-part" dangerouslySetInnerHTML={{ __html: html }} />;
}
