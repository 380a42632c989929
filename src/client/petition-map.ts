/**
 * The map pin picker, loaded by petition-form.js only when its panel is opened. No tile server is
 * reachable by default: the commune boundaries are drawn alone (a background tile URL is a setting).
 * A click inside a commune fills the latitude, longitude and the commune select; the server finds the
 * commune again from the point, so the page never has to be trusted.
 */
import L from 'leaflet';

interface CommuneProps {
  code: string;
  name: string;
}

const fill = (tpl: string, p: Record<string, string>) => tpl.replace(/\{(\w+)\}/g, (m, k: string) => (k in p ? p[k] : m));

async function init(): Promise<void> {
  const details = document.querySelector<HTMLDetailsElement>('details.map-picker');
  const el = document.getElementById('map');
  if (!details || !el || el.dataset.ready) return;
  el.dataset.ready = '1';
  const status = details.querySelector<HTMLElement>('.map-status');
  const lat = document.querySelector<HTMLInputElement>('input[name="lat"]');
  const lon = document.querySelector<HTMLInputElement>('input[name="lon"]');
  const unit = document.querySelector<HTMLSelectElement>('select[name="unitCode"]');

  const map = L.map(el, { zoomControl: true, attributionControl: !!details.dataset.tiles });
  if (details.dataset.tiles) L.tileLayer(details.dataset.tiles, { maxZoom: 18 }).addTo(map);
  let marker: L.CircleMarker | null = null;

  const place = (latlng: L.LatLng, props: CommuneProps) => {
    marker?.remove();
    marker = L.circleMarker(latlng, { radius: 8, color: '#a3171f', weight: 3, fillOpacity: 0.6 }).addTo(map);
    if (lat) lat.value = latlng.lat.toFixed(6);
    if (lon) lon.value = latlng.lng.toFixed(6);
    if (unit) unit.value = props.code;
    if (status) status.textContent = fill(el.dataset.picked ?? '', { lat: latlng.lat.toFixed(5), lon: latlng.lng.toFixed(5), unit: props.name });
  };

  // Boundaries arrive per commune: every commune coarse until one is chosen, then that commune alone in detail.
  let layer: L.GeoJSON | null = null;
  let shown = '';
  const show = async (code: string, fit: boolean): Promise<void> => {
    const url = code ? fill(details.dataset.communeGeojson ?? '/kien-nghi/ban-do/{code}.geojson', { code }) : (details.dataset.geojson ?? '/kien-nghi/ban-do.geojson');
    if (url === shown) return;
    shown = url;
    const res = await fetch(url);
    if (!res.ok) return code ? show('', fit) : undefined;
    const data = (await res.json()) as GeoJSON.FeatureCollection<GeoJSON.Geometry, CommuneProps>;
    layer?.remove();
    layer = L.geoJSON(data, {
      style: () => ({ color: '#1f4e79', weight: code ? 2 : 1, fillColor: '#9ec5e8', fillOpacity: 0.25 }),
      onEachFeature: (f, l) => {
        l.bindTooltip(f.properties.name, { sticky: true });
        l.on('click', (e: L.LeafletMouseEvent) => {
          L.DomEvent.stopPropagation(e);
          place(e.latlng, f.properties);
          void show(f.properties.code, !code);
        });
      },
    }).addTo(map);
    if (fit) map.fitBounds(layer.getBounds());
  };
  await show(unit?.value ?? '', true);
  unit?.addEventListener('change', () => void show(unit.value, true));
  map.on('click', () => {
    // Outside the chosen commune: back to every commune, to pick the right one.
    const inOverview = !layer || shown === (details.dataset.geojson ?? '/kien-nghi/ban-do.geojson');
    if (status) status.textContent = (inOverview ? el.dataset.outside : el.dataset.outsideCommune) ?? '';
    void show('', false);
  });

  const la = Number(lat?.value);
  const lo = Number(lon?.value);
  if (lat?.value && lon?.value && Number.isFinite(la) && Number.isFinite(lo)) {
    marker = L.circleMarker([la, lo], { radius: 8, color: '#a3171f', weight: 3, fillOpacity: 0.6 }).addTo(map);
  }
}

void init();
