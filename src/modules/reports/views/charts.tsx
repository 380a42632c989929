import { scaleBand, scaleLinear, scaleQuantize } from 'd3-scale';
import { geoIdentity, geoPath } from 'd3-geo';
import type { Locale } from '../../../platform/i18n/i18n';
import { formatNumber } from '../../../platform/i18n/i18n';
import type { CommuneFeature } from '../../../platform/geo';

/**
 * Charts drawn on the server as SVG with d3-scale and d3-geo (no DOM, no JavaScript in the browser): the SVG is a
 * picture (aria-hidden) and the same numbers follow it as a table, so nothing is shown only as a shape.
 */
export interface Datum {
  label: string;
  value: number;
}

const W = 640;
const fmt = (locale: Locale, v: number) => formatNumber(locale, Math.round(v * 100) / 100);

/** Vertical columns (months). */
export function ColumnChart({ data, locale }: { data: Datum[]; locale: Locale }) {
  const H = 220;
  const m = { top: 16, right: 8, bottom: 40, left: 44 };
  const x = scaleBand<string>().domain(data.map((d) => d.label)).range([m.left, W - m.right]).padding(0.2);
  const max = Math.max(1, ...data.map((d) => d.value));
  const y = scaleLinear().domain([0, max]).nice().range([H - m.bottom, m.top]);
  const every = Math.ceil(data.length / 12);
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="presentation" aria-hidden="true" focusable="false">
      {y.ticks(4).map((tk) => (
        <g>
          <line x1={m.left} x2={W - m.right} y1={y(tk)} y2={y(tk)} class="grid" />
          <text x={m.left - 6} y={y(tk) + 4} text-anchor="end" class="tick">
            {fmt(locale, tk)}
          </text>
        </g>
      ))}
      {data.map((d, i) => (
        <g>
          <rect x={x(d.label)} y={y(d.value)} width={x.bandwidth()} height={Math.max(0, y(0) - y(d.value))} class="bar" />
          {i % every === 0 ? (
            <text x={(x(d.label) ?? 0) + x.bandwidth() / 2} y={H - m.bottom + 16} text-anchor="middle" class="tick">
              {d.label}
            </text>
          ) : null}
        </g>
      ))}
    </svg>
  );
}

/** Horizontal bars (categories, channels, communes). */
export function BarChart({ data, locale }: { data: Datum[]; locale: Locale }) {
  const rows = data.slice(0, 20);
  const bar = 22;
  const m = { top: 4, right: 56, bottom: 4, left: 200 };
  const H = m.top + m.bottom + rows.length * bar;
  const x = scaleLinear().domain([0, Math.max(1, ...rows.map((d) => d.value))]).range([m.left, W - m.right]);
  const y = scaleBand<number>().domain(rows.map((_, i) => i)).range([m.top, H - m.bottom]).padding(0.2);
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="presentation" aria-hidden="true" focusable="false">
      {rows.map((d, i) => (
        <g>
          <text x={m.left - 6} y={(y(i) ?? 0) + y.bandwidth() / 2 + 4} text-anchor="end" class="tick">
            {d.label.length > 30 ? d.label.slice(0, 29) + '…' : d.label}
          </text>
          <rect x={m.left} y={y(i)} width={Math.max(0, x(d.value) - m.left)} height={y.bandwidth()} class="bar" />
          <text x={x(d.value) + 4} y={(y(i) ?? 0) + y.bandwidth() / 2 + 4} class="tick">
            {fmt(locale, d.value)}
          </text>
        </g>
      ))}
    </svg>
  );
}

const SHADES = ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'];

/** The province's communes shaded by a measure (five equal classes), with its legend. */
export function ChoroplethMap({ features, values, locale, title }: { features: CommuneFeature[]; values: Map<string, number>; locale: Locale; title: string }) {
  if (!features.length) return null;
  const H = 480;
  const collection = { type: 'FeatureCollection' as const, features };
  // Planar (the outlines' winding is not d3's spherical one), y up.
  const projection = geoIdentity().reflectY(true).fitSize([W, H - 40], collection as never);
  const path = geoPath(projection);
  const max = Math.max(1, ...values.values());
  const color = scaleQuantize<string>().domain([0, max]).range(SHADES);
  const legend = color.range().map((c) => ({ c, ext: color.invertExtent(c) }));
  return (
    <svg class="chart map" viewBox={`0 0 ${W} ${H}`} role="presentation" aria-hidden="true" focusable="false">
      <title>{title}</title>
      {features.map((f) => (
        <path d={path(f as never) ?? ''} fill={values.has(f.properties.code) ? color(values.get(f.properties.code)!) : '#f5f5f5'} class="commune">
          <title>{`${f.properties.name}: ${fmt(locale, values.get(f.properties.code) ?? 0)}`}</title>
        </path>
      ))}
      {legend.map((l, i) => (
        <g>
          <rect x={8 + i * 120} y={H - 28} width={18} height={14} fill={l.c} class="legend" />
          <text x={30 + i * 120} y={H - 17} class="tick">
            {`${fmt(locale, l.ext[0])}–${fmt(locale, l.ext[1])}`}
          </text>
        </g>
      ))}
    </svg>
  );
}
