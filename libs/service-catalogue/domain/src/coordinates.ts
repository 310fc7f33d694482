import { invalid } from './vocabulary';

/** A WGS84 point (ETRS89, to the metre the same in Finland). */
export interface GeoPoint {
  lat: number;
  lon: number;
}

/** Mainland Finland and Åland with a margin: a point outside is a typing or a projection mistake. */
export function checkPoint(field: string, lat: unknown, lon: unknown): GeoPoint {
  if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon))
    throw invalid('INVALID_COORDINATES', `${field} needs lat and lon as numbers`, { field });
  if (lat < 59.3 || lat > 70.2 || lon < 19 || lon > 31.7)
    throw invalid('COORDINATES_OUTSIDE_FINLAND', `${field} lies outside Finland`, { field, lat, lon });
  return { lat: Math.round(lat * 1e6) / 1e6, lon: Math.round(lon * 1e6) / 1e6 };
}

/** Great-circle distance (haversine on a 6 371 km sphere): within 0.5 % of the ellipsoid, enough to order service points. */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/*
 * ETRS-TM35FIN (EPSG:3067), the plane coordinates of the Suomi.fi catalogue's addresses, to and from
 * ETRS89 latitude/longitude: the Gauss–Krüger series of the public recommendation JHS 154 (GRS80,
 * central meridian 27° E, scale 0.9996, false easting 500 000 m), accurate to millimetres in Finland.
 */
const A = 6378137;
const F = 1 / 298.257222101;
const K0 = 0.9996;
const LON0 = (27 * Math.PI) / 180;
const E0 = 500000;
const N_ = F / (2 - F);
const A1 = (A / (1 + N_)) * (1 + N_ ** 2 / 4 + N_ ** 4 / 64);
const E = Math.sqrt(2 * F - F * F);
const H_FORWARD = [
  N_ / 2 - (2 / 3) * N_ ** 2 + (5 / 16) * N_ ** 3 + (41 / 180) * N_ ** 4,
  (13 / 48) * N_ ** 2 - (3 / 5) * N_ ** 3 + (557 / 1440) * N_ ** 4,
  (61 / 240) * N_ ** 3 - (103 / 140) * N_ ** 4,
  (49561 / 161280) * N_ ** 4,
];
const H_INVERSE = [
  N_ / 2 - (2 / 3) * N_ ** 2 + (37 / 96) * N_ ** 3 - (1 / 360) * N_ ** 4,
  (1 / 48) * N_ ** 2 + (1 / 15) * N_ ** 3 - (437 / 1440) * N_ ** 4,
  (17 / 480) * N_ ** 3 - (37 / 840) * N_ ** 4,
  (4397 / 161280) * N_ ** 4,
];

export function toTm35fin(p: GeoPoint): { northing: number; easting: number } {
  const phi = (p.lat * Math.PI) / 180;
  const q = Math.asinh(Math.tan(phi)) - E * Math.atanh(E * Math.sin(phi));
  const l = (p.lon * Math.PI) / 180 - LON0;
  const beta = Math.atan(Math.sinh(q));
  const eta1 = Math.atanh(Math.cos(beta) * Math.sin(l));
  const xi1 = Math.asin(Math.sin(beta) * Math.cosh(eta1));
  let xi = xi1;
  let eta = eta1;
  H_FORWARD.forEach((h, i) => {
    xi += h * Math.sin(2 * (i + 1) * xi1) * Math.cosh(2 * (i + 1) * eta1);
    eta += h * Math.cos(2 * (i + 1) * xi1) * Math.sinh(2 * (i + 1) * eta1);
  });
  return { northing: A1 * xi * K0, easting: A1 * eta * K0 + E0 };
}

export function fromTm35fin(northing: number, easting: number): GeoPoint {
  const xi = northing / (A1 * K0);
  const eta = (easting - E0) / (A1 * K0);
  let xi1 = xi;
  let eta1 = eta;
  H_INVERSE.forEach((h, i) => {
    xi1 -= h * Math.sin(2 * (i + 1) * xi) * Math.cosh(2 * (i + 1) * eta);
    eta1 -= h * Math.cos(2 * (i + 1) * xi) * Math.sinh(2 * (i + 1) * eta);
  });
  const beta = Math.asin(Math.sin(xi1) / Math.cosh(eta1));
  const l = Math.asin(Math.tanh(eta1) / Math.cos(beta));
  const q = Math.asinh(Math.tan(beta));
  let q1 = q + E * Math.atanh(E * Math.tanh(q));
  for (let i = 0; i < 4; i++) q1 = q + E * Math.atanh(E * Math.tanh(q1));
  return { lat: (Math.atan(Math.sinh(q1)) * 180) / Math.PI, lon: ((LON0 + l) * 180) / Math.PI };
}
