import { checkPoint, distanceKm, fromTm35fin, toTm35fin } from './coordinates';

describe('coordinates', () => {
  it('turns ETRS-TM35FIN into latitude and longitude and back, to the centimetre', () => {
    for (const p of [
      { lat: 61.4978, lon: 23.761 },
      { lat: 60.1699, lon: 24.9384 },
      { lat: 69.0, lon: 20.8 },
    ]) {
      const tm = toTm35fin(p);
      const back = fromTm35fin(tm.northing, tm.easting);
      expect(Math.abs(back.lat - p.lat)).toBeLessThan(1e-7);
      expect(Math.abs(back.lon - p.lon)).toBeLessThan(1e-7);
    }
    // The central meridian 27° E maps to easting 500 000 m exactly.
    expect(toTm35fin({ lat: 62, lon: 27 }).easting).toBeCloseTo(500000, 3);
    // Helsinki's centre lies near N 6 672 km, E 386 km in TM35FIN.
    const helsinki = toTm35fin({ lat: 60.1699, lon: 24.9384 });
    expect(Math.abs(helsinki.northing - 6672000)).toBeLessThan(2000);
    expect(Math.abs(helsinki.easting - 385600)).toBeLessThan(2000);
  });

  it('measures distances and refuses points outside Finland', () => {
    // Tampere centre to Hervanta is about 7 km as the crow flies.
    const km = distanceKm({ lat: 61.4978, lon: 23.761 }, { lat: 61.4507, lon: 23.8512 });
    expect(km).toBeGreaterThan(6);
    expect(km).toBeLessThan(8);
    expect(() => checkPoint('location', 48.85, 2.35)).toThrow(/outside Finland/);
    expect(() => checkPoint('location', Number.NaN, 24)).toThrow();
  });
});
