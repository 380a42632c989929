export {
  communeBoundary,
  createBoundaryIndex,
  findCommuneByPoint,
  geometryContains,
  loadCommuneBoundaries,
  loadProvinceBoundaries,
  polygonContains,
  ringContains,
} from './boundaries';
export type {
  BBox,
  BoundaryGeometry,
  BoundaryIndex,
  CommuneCollection,
  CommuneFeature,
  CommuneRef,
  Position,
} from './boundaries';
export { loadUnits } from './units';
export type { AdminUnit, AdminUnitKind, AdminUnitType } from './units';
export { communeLayer, communeOverviewLayer } from './layers';
export type { GeoLayer } from './layers';
export { pinMap } from './pin-map';
export type { PinMap } from './pin-map';
