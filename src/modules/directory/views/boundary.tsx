import { communeBoundary, loadCommuneBoundaries, type BoundaryGeometry, type Position } from '../../../platform/geo';
import type { PageContext } from '../../../platform/ui/page-context';

type BBox = [number, number, number, number];

function polygonsOf(g: BoundaryGeometry): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

function bboxOf(g: BoundaryGeometry): BBox {
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of polygonsOf(g))
    for (const [x, y] of poly[0] ?? []) {
      if (x < b[0]) b[0] = x;
      if (y < b[1]) b[1] = y;
      if (x > b[2]) b[2] = x;
      if (y > b[3]) b[3] = y;
    }
  return b;
}

const intersects = (a: BBox, b: BBox) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

const WIDTH = 600;

/**
 * An equirectangular projection of the commune's bounding box (plus a margin) onto a 600-unit-wide
 * viewBox; longitudes are scaled by cos(latitude) so that shapes are not stretched.
 */
export function projection(box: BBox) {
  const midLat = ((box[1] + box[3]) / 2) * (Math.PI / 180);
  const kx = Math.cos(midLat);
  const w = (box[2] - box[0]) * kx || 1e-6;
  const scale = WIDTH / w;
  const height = Math.max(1, Math.round((box[3] - box[1]) * scale));
  return {
    width: WIDTH,
    height,
    point: ([lon, lat]: Position): [number, number] => [
      Math.round((lon - box[0]) * kx * scale * 10) / 10,
      Math.round((box[3] - lat) * scale * 10) / 10,
    ],
  };
}

/** An SVG path for a geometry: each ring an M … Z sub-path, repeated points dropped (draw with evenodd). */
export function pathData(g: BoundaryGeometry, point: (p: Position) => [number, number]): string {
  const parts: string[] = [];
  for (const poly of polygonsOf(g))
    for (const ring of poly) {
      let last = '';
      const pts: string[] = [];
      for (const p of ring) {
        const [x, y] = point(p);
        const s = `${x} ${y}`;
        if (s !== last) pts.push(s);
        last = s;
      }
      if (pts.length >= 3) parts.push(`M${pts.join('L')}Z`);
    }
  return parts.join('');
}

/**
 * The commune's boundary drawn server-side as an inline SVG (no script, no tiles), with the neighbouring
 * communes around it as links to their pages. Null when no boundary is shipped for the code.
 */
export function BoundaryMap({
  ctx,
  code,
  name,
  names,
}: {
  ctx: PageContext;
  code: string;
  name: string;
  /** Full names of the neighbouring communes by code (the shipped boundaries carry short names). */
  names?: Map<string, string>;
}) {
  const feature = communeBoundary(code);
  if (!feature) return null;
  const own = bboxOf(feature.geometry);
  const mx = (own[2] - own[0]) * 0.12;
  const my = (own[3] - own[1]) * 0.12;
  const box: BBox = [own[0] - mx, own[1] - my, own[2] + mx, own[3] + my];
  const proj = projection(box);
  const neighbours = loadCommuneBoundaries().features.filter(
    (f) => f.properties.code !== code && intersects(bboxOf(f.geometry), box),
  );
  const titleId = `map-title-${code}`;
  return (
    <figure class="unit-map">
      <svg
        viewBox={`0 0 ${proj.width} ${proj.height}`}
        width="100%"
        preserveAspectRatio="xMidYMid meet"
        aria-labelledby={titleId}
        role="group"
        class="unit-map-svg"
      >
        <title id={titleId}>{ctx.t('directory.unit.mapTitle', { name })}</title>
        <rect x="0" y="0" width={proj.width} height={proj.height} fill="#eef3f7" />
        {neighbours.map((f) => {
          const label = names?.get(f.properties.code) ?? f.properties.name;
          return (
          <a href={`/don-vi/${f.properties.code}`} aria-label={label}>
            <title>{label}</title>
            <path
              d={pathData(f.geometry, proj.point)}
              fill="#dde4ea"
              stroke="#8796a5"
              stroke-width="1"
              fill-rule="evenodd"
              class="unit-map-neighbour"
            />
          </a>
          );
        })}
        <path
          d={pathData(feature.geometry, proj.point)}
          fill="#f4c9a8"
          fill-opacity="0.9"
          stroke="#a3141b"
          stroke-width="3"
          stroke-linejoin="round"
          fill-rule="evenodd"
        >
          <title>{name}</title>
        </path>
      </svg>
      <figcaption class="meta">{ctx.t('directory.unit.mapCaption')}</figcaption>
    </figure>
  );
}
