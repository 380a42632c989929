import type { PageContext } from '../../../platform/ui/page-context';
import { featureDescription, featureName, svgShapes, type Geometry, type MapLayer } from '../map';

export interface MapData {
  documentId: number;
  layer: MapLayer;
  layerName: string | null;
  /** The commune's (or province's) boundary, drawn under the plan's layer. */
  boundary: { name: string; geometry: Geometry } | null;
  tileUrl: string;
}

/**
 * The plan's map: an inline SVG and a list of features that need no JavaScript, and a container
 * the Leaflet island (src/client/disclosure-map.ts) turns into a pannable map.
 */
export function MapBlock({ ctx, data }: { ctx: PageContext; data: MapData }) {
  const { t } = ctx;
  const layers = [
    ...(data.boundary ? [{ layer: 'boundary' as const, geometry: data.boundary.geometry, name: data.boundary.name }] : []),
    ...data.layer.features.map((f, i) => ({ layer: 'plan' as const, geometry: f.geometry, name: featureName(f, i) })),
  ];
  const svg = svgShapes(layers, 640);
  return (
    <section class="disclosure-map" aria-labelledby="ban-do">
      <h2 id="ban-do">{t('disclosure.map.heading')}</h2>
      <div
        id="disclosure-map"
        class="map-canvas"
        data-layer-url={`/cong-khai/${data.documentId}/ban-do.geojson`}
        data-boundary-url={`/cong-khai/${data.documentId}/ranh-gioi.geojson`}
        data-tile-url={data.tileUrl}
        data-label={t('disclosure.map.label')}
      >
        {svg ? (
          <svg
            viewBox={`0 0 ${svg.width} ${svg.height}`}
            width="100%"
            role="img"
            aria-labelledby="ban-do-svg-title"
            class="map-svg"
          >
            <title id="ban-do-svg-title">{t('disclosure.map.svgTitle', { boundary: data.boundary?.name ?? '', n: data.layer.features.length })}</title>
            {svg.shapes.map((s) =>
              s.kind === 'point' ? (
                <circle cx={s.cx} cy={s.cy} r={6} class={`map-${s.layer} map-point`}>
                  <title>{s.name}</title>
                </circle>
              ) : (
                <path d={s.d} class={`map-${s.layer} map-${s.kind}`} fill-rule="evenodd">
                  <title>{s.name}</title>
                </path>
              ),
            )}
          </svg>
        ) : null}
      </div>
      <p class="hint">
        {data.boundary ? t('disclosure.map.legend', { boundary: data.boundary.name }) : null}{' '}
        <a href={`/cong-khai/${data.documentId}/ban-do.geojson`} download>
          {t('disclosure.map.download', { name: data.layerName ?? 'geojson' })}
        </a>
      </p>
      <h3>{t('disclosure.map.features')}</h3>
      <ol class="map-features">
        {data.layer.features.map((f, i) => {
          const desc = featureDescription(f);
          return (
            <li>
              <strong>{featureName(f, i)}</strong> <span class="muted">({t(`disclosure.map.type.${f.geometry.type}`)})</span>
              {desc ? <> — {desc}</> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
