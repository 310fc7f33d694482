import { createHash } from 'node:crypto';
import { BusinessId, Hetu, LocalDate, Municipalities } from '@luotsi/kernel';
import { MUNICIPALITY_POPULATIONS } from './municipality-populations';
import { AGE_SEX_CELLS } from './population-structure';
import { apportion, nationalDataset, registrationLine, type ResidentYear } from './national-dataset';

const SAMPLE = 200_000;
const take = <T>(items: Iterable<T>, n: number): T[] => {
  const out: T[] = [];
  if (n <= 0) return out;
  for (const x of items) {
    out.push(x);
    if (out.length >= n) break;
  }
  return out;
};
const hash = (years: Iterable<ResidentYear>) => {
  const h = createHash('sha256');
  for (const y of years) h.update(JSON.stringify(y)).update('\n');
  return h.digest('hex');
};

describe('the national dataset', () => {
  // One sample of the whole country, generated once for the distribution checks.
  const dataset = nationalDataset({ seed: 2027, residents: SAMPLE });
  const sample = [...dataset.all()];

  it('gives byte-identical data for the same seed, and other data for another seed', () => {
    const again = nationalDataset({ seed: 2027, residents: SAMPLE });
    expect(hash(take(again.all(), 5_000))).toBe(hash(sample.slice(0, 5_000)));
    // A county's stream alone equals its part of the whole stream.
    const pirkanmaa = dataset.county('pirkanmaa');
    expect(hash(again.residentsOf('pirkanmaa'))).toBe(hash(sample.slice(pirkanmaa.firstIndex, pirkanmaa.firstIndex + pirkanmaa.residents)));
    const other = nationalDataset({ seed: 2028, residents: SAMPLE });
    expect(hash(take(other.all(), 5_000))).not.toBe(hash(sample.slice(0, 5_000)));
    expect(hash(other.residentsOf('pirkanmaa'))).not.toBe(hash(again.residentsOf('pirkanmaa')));
    // The plan (providers, stations, areas) depends on nothing random.
    expect(JSON.stringify(other.counties)).toBe(JSON.stringify(dataset.counties));
  });

  it('has the residents asked for, each with an index of their own in county order', () => {
    expect(sample).toHaveLength(SAMPLE);
    expect(dataset.counties.reduce((n, c) => n + c.residents, 0)).toBe(SAMPLE);
    expect(sample.every((y, i) => y.resident.index === i)).toBe(true);
    expect(nationalDataset({ seed: 1, residents: 56_000 }).counties.reduce((n, c) => n + c.residents, 0)).toBe(56_000);
  });

  it('follows the age and sex structure within one share point in every group', () => {
    const counts = new Map<string, number>();
    let outside = 0;
    for (const { resident } of sample) {
      const age = LocalDate.ageOn(resident.birthDate, dataset.yearStart);
      const cell = AGE_SEX_CELLS.find((c) => c.sex === resident.sex && age >= c.fromAge && age <= c.toAge);
      if (!cell) outside += 1;
      else counts.set(`${cell.fromAge}-${cell.sex}`, (counts.get(`${cell.fromAge}-${cell.sex}`) ?? 0) + 1);
    }
    expect(outside).toBe(0);
    const off = AGE_SEX_CELLS.map((cell) => ({ cell, share: (counts.get(`${cell.fromAge}-${cell.sex}`) ?? 0) / SAMPLE })).filter(
      ({ cell, share }) => Math.abs(share - cell.share) >= 0.01,
    );
    expect(off).toEqual([]);
    // Tighter than the brief's one point: a sample this size is well within it everywhere.
    const worst = Math.max(...AGE_SEX_CELLS.map((c) => Math.abs((counts.get(`${c.fromAge}-${c.sex}`) ?? 0) / SAMPLE - c.share)));
    expect(worst).toBeLessThan(0.002);
    const women = sample.filter((y) => y.resident.sex === 'female').length / SAMPLE;
    const tableWomen = AGE_SEX_CELLS.filter((c) => c.sex === 'female').reduce((n, c) => n + c.share, 0);
    expect(Math.abs(women - tableWomen)).toBeLessThan(0.005);
    expect(tableWomen).toBeGreaterThan(0.5);
  });

  it('spreads residents over the real municipalities and counties by their weights', () => {
    const codes = new Set(sample.map((y) => y.resident.municipalityCode));
    // Every municipality of the 21 counties and Helsinki has residents; Åland none.
    const mainland = Municipalities.all().filter((m) => m.county !== null);
    expect([...codes].sort()).toEqual(mainland.map((m) => m.code).sort());
    expect(dataset.counties).toHaveLength(22);
    const weightTotal = mainland.reduce((n, m) => n + MUNICIPALITY_POPULATIONS.get(m.code)!, 0);
    for (const county of dataset.counties) {
      const got = sample.filter((y) => y.resident.countyKey === county.key).length;
      const weight = Municipalities.ofCounty(county.key).reduce((n, m) => n + MUNICIPALITY_POPULATIONS.get(m.code)!, 0);
      expect(got).toBe(county.residents);
      expect(Math.abs(got / SAMPLE - weight / weightTotal)).toBeLessThan(0.0001);
    }
    const byTown = new Map<string, number>();
    for (const { resident } of sample) byTown.set(resident.municipalityCode, (byTown.get(resident.municipalityCode) ?? 0) + 1);
    const largest = [...byTown].sort((a, b) => b[1] - a[1]).slice(0, 6);
    expect(largest.map(([code]) => Municipalities.byCode(code)!.nameFi).sort()).toEqual([
      'Espoo',
      'Helsinki',
      'Oulu',
      'Tampere',
      'Turku',
      'Vantaa',
    ]);
    expect(dataset.counties.reduce((a, b) => (b.residents > a.residents ? b : a)).key).toBe('helsinki');
  });

  it('gives valid, unique identity codes matching birth date and sex', () => {
    const seen = new Set<string>();
    const wrong: string[] = [];
    for (const { resident } of sample) {
      const parsed = Hetu.parse(resident.identityCode);
      if (parsed.birthDate !== resident.birthDate || parsed.sex !== resident.sex || parsed.temporary) wrong.push(resident.identityCode);
      seen.add(resident.identityCode);
    }
    expect(wrong).toEqual([]);
    expect(seen.size).toBe(SAMPLE);
    expect(JSON.parse(registrationLine(sample[0]!.resident))).toEqual({
      type: 'resident-registered',
      identityCode: sample[0]!.resident.identityCode,
      postalCode: sample[0]!.resident.postalCode,
      municipalityCode: sample[0]!.resident.municipalityCode,
      date: sample[0]!.resident.registeredOn,
    });
  });

  it('has providers and stations in every county, the choice area naming only its own stations', () => {
    const ids = new Set<string>();
    const businessIds = new Set<string>();
    for (const county of dataset.counties) {
      expect(county.providers[0]).toMatchObject({ providerId: county.key, kind: 'public' });
      expect(county.providers.filter((p) => p.kind === 'private').length).toBeGreaterThanOrEqual(1);
      const own = new Set(county.providers[0]!.stations.map((s) => s.stationId));
      for (const p of county.providers) {
        expect(BusinessId.isValid(p.businessId)).toBe(true);
        businessIds.add(p.businessId);
        for (const s of p.stations) {
          expect(s.stationId).toMatch(/^[a-z0-9][a-z0-9-]{1,62}$/);
          expect(Municipalities.byCode(s.municipalityCode)!.county!.key).toBe(county.key);
          ids.add(s.stationId);
        }
      }
      for (const { defaultStationId } of county.area.postalCodes) expect(own.has(defaultStationId)).toBe(true);
    }
    const stations = dataset.providers().reduce((n, p) => n + p.stations.length, 0);
    expect(ids.size).toBe(stations);
    expect(businessIds.size).toBe(dataset.providers().length);
    // More stations where more people live.
    const helsinki = dataset.county('helsinki').providers[0]!.stations.length;
    expect(helsinki).toBeGreaterThan(dataset.county('kainuu').providers[0]!.stations.length * 3);
  });

  it('has about 14 % switching once, after registration, into another station of their county', () => {
    const switches = sample.filter((y) => y.switch !== null);
    expect(Math.abs(switches.length / SAMPLE - 0.14)).toBeLessThan(0.005);
    const stationsOf = new Map(
      dataset.counties.map((c) => [c.key, new Set(c.providers.flatMap((p) => p.stations.map((s) => s.stationId)))]),
    );
    const months = new Set<string>();
    const lastEffective = LocalDate.of(dataset.year, 12, 1);
    const wrong = switches.filter(({ resident, switch: s }) => {
      months.add(s!.requestedOn.slice(0, 7));
      return (
        s!.toStationId === resident.stationId ||
        !stationsOf.get(resident.countyKey)!.has(s!.toStationId) ||
        s!.requestedOn < dataset.yearStart ||
        s!.requestedOn <= resident.registeredOn ||
        s!.effectiveFrom !== LocalDate.firstOfNextMonth(s!.requestedOn) ||
        s!.effectiveFrom > lastEffective
      );
    });
    expect(wrong).toEqual([]);
    expect(months.size).toBe(11);
  });

  it('has about 2 visits per resident in the year, at the station they were listed at on the day', () => {
    const visits = sample.flatMap((y) => y.visits.map((v) => ({ y, v })));
    expect(Math.abs(visits.length / SAMPLE - 2)).toBeLessThan(0.03);
    const sideIds = new Set(visits.map(({ v }) => `${v.providerId}:${v.providerSideId}`));
    expect(sideIds.size).toBe(visits.length);
    const wrong = visits.filter(({ y, v }) => {
      const moved = y.switch !== null && v.date >= y.switch.effectiveFrom;
      return !v.date.startsWith(String(dataset.year)) || v.stationId !== (moved ? y.switch!.toStationId : y.resident.stationId);
    });
    expect(wrong).toEqual([]);
    // The old see primary care more than the young.
    const perHead = (from: number, to: number) => {
      const group = sample.filter((y) => {
        const age = LocalDate.ageOn(y.resident.birthDate, dataset.yearStart);
        return age >= from && age <= to;
      });
      return group.reduce((n, y) => n + y.visits.length, 0) / group.length;
    };
    expect(perHead(75, 100)).toBeGreaterThan(perHead(15, 44) * 2);
  });
});

describe('apportion', () => {
  it('splits a total by weights into whole numbers adding up to it', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [5, 0, 2])).toEqual([5, 0, 2]);
    expect(apportion(0, [3, 4])).toEqual([0, 0]);
  });
});
