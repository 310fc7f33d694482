import type { GeoPoint } from './coordinates';

/**
 * Approximate centre points of the postal code areas the catalogue's fixtures and the pilot use
 * (Pirkanmaa), for "distance from a postal code" and for provider choice's stations, which come
 * with a postal code but no coordinates.
 *
 * Source: entered by hand from public map data (OpenStreetMap), to about a kilometre — enough to
 * order service points by distance, not to navigate by. An installation replaces this table with
 * Statistics Finland's postal code areas (Paavo, open data CC BY 4.0), whose area centroids are the
 * authoritative figures; the codes and municipality codes here are those of Posti and Statistics Finland.
 */
export const POSTAL_CODE_POINTS: Readonly<Record<string, GeoPoint & { municipality: string; name: string }>> = {
  '33100': { lat: 61.4981, lon: 23.7608, municipality: '837', name: 'Tampere keskusta' },
  '33200': { lat: 61.499, lon: 23.74, municipality: '837', name: 'Tampere Pyynikki' },
  '33400': { lat: 61.515, lon: 23.68, municipality: '837', name: 'Tampere Lielahti' },
  '33500': { lat: 61.499, lon: 23.801, municipality: '837', name: 'Tampere Kaleva' },
  '33530': { lat: 61.488, lon: 23.86, municipality: '837', name: 'Tampere Kaukajärvi' },
  '33710': { lat: 61.462, lon: 23.83, municipality: '837', name: 'Tampere Hallila' },
  '33720': { lat: 61.45, lon: 23.85, municipality: '837', name: 'Tampere Hervanta' },
  '33900': { lat: 61.466, lon: 23.74, municipality: '837', name: 'Tampere Härmälä' },
  '33960': { lat: 61.464, lon: 23.648, municipality: '604', name: 'Pirkkala' },
  '33880': { lat: 61.314, lon: 23.753, municipality: '418', name: 'Lempäälä' },
  '33470': { lat: 61.55, lon: 23.596, municipality: '980', name: 'Ylöjärvi' },
  '36200': { lat: 61.463, lon: 24.065, municipality: '211', name: 'Kangasala' },
  '37100': { lat: 61.478, lon: 23.508, municipality: '536', name: 'Nokia' },
  '37600': { lat: 61.264, lon: 24.031, municipality: '908', name: 'Valkeakoski' },
  '38200': { lat: 61.339, lon: 22.911, municipality: '790', name: 'Sastamala' },
  '39100': { lat: 61.638, lon: 23.196, municipality: '108', name: 'Hämeenkyrö' },
  '35800': { lat: 62.03, lon: 24.623, municipality: '508', name: 'Mänttä-Vilppula' },
  '34800': { lat: 62.241, lon: 23.77, municipality: '936', name: 'Virrat' },
};

export const postalCodePoint = (postalCode: string): GeoPoint | null => {
  const p = POSTAL_CODE_POINTS[postalCode];
  return p ? { lat: p.lat, lon: p.lon } : null;
};
