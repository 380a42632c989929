/**
 * The plan's map on a disclosed document's page: Leaflet over the server-drawn SVG. Without a
 * tile server (setting disclosure.tileUrl empty) it draws the administrative boundary and the
 * plan's layer alone on a plain background; with one, the tiles go underneath.
 */
import L from 'leaflet';

async function getJson(url: string): Promise<GeoJSON.FeatureCollection | null> {
  try {
    const res = await fetch(url, { headers: { accept: 'application/geo+json, application/json' }, credentials: 'same-origin' });
    return res.ok ? ((await res.json()) as GeoJSON.FeatureCollection) : null;
  } catch {
    return null;
  }
}

function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

async function init(el: HTMLElement): Promise<void> {
  const layer = await getJson(el.dataset.layerUrl!);
  const boundary = await getJson(el.dataset.boundaryUrl!);
  if (!layer) return;
  const canvas = document.createElement('div');
  canvas.className = 'map-leaflet';
  canvas.setAttribute('role', 'region');
  canvas.setAttribute('aria-label', el.dataset.label ?? '');
  el.replaceChildren(canvas);
  const map = L.map(canvas, { scrollWheelZoom: false, attributionControl: !!el.dataset.tileUrl });
  const tiles = el.dataset.tileUrl;
  if (tiles) L.tileLayer(tiles, { maxZoom: 19 }).addTo(map);
  const bounds = L.latLngBounds([]);
  if (boundary && boundary.features.length) {
    const b = L.geoJSON(boundary, { style: { color: '#5b6470', weight: 2, fill: true, fillColor: '#eef1f4', fillOpacity: 0.6, dashArray: '6 4' }, interactive: false }).addTo(map);
    bounds.extend(b.getBounds());
  }
  const plan = L.geoJSON(layer, {
    style: { color: '#c2410c', weight: 3, fillColor: '#f97316', fillOpacity: 0.35 },
    pointToLayer: (_f, latlng) => L.circleMarker(latlng, { radius: 7, color: '#9a3412', weight: 2, fillColor: '#f97316', fillOpacity: 0.9 }),
    onEachFeature: (f, l) => {
      const p = (f.properties ?? {}) as Record<string, unknown>;
      const name = p.name ?? p.ten ?? p.title;
      const desc = p.description ?? p.mo_ta;
      if (name || desc) l.bindPopup(`<strong>${esc(name)}</strong>${desc ? `<br>${esc(desc)}` : ''}`);
    },
  }).addTo(map);
  bounds.extend(plan.getBounds());
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [16, 16] });
  else map.setView([21.3256, 103.9188], 12);
}

for (const el of document.querySelectorAll<HTMLElement>('#disclosure-map[data-layer-url]')) void init(el);
