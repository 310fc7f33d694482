/**
 * A synthetic, seeded dataset of the whole country for the national benchmarks (docs/dataset.md):
 * residents with Finland's age and sex structure in the real municipalities and wellbeing services
 * counties, each county's providers and stations, and a year of switches and visits.
 *
 * Pure: no I/O and no clock. The plan (counties, municipalities, providers, stations, choice areas)
 * is small and built at once; the residents are generated lazily, county by county, so millions
 * of them never sit in memory together. The same options give byte-identical data on every run;
 * each county's stream has its own seed, so one county can be generated without the others.
 */
import { BusinessId, Hetu, LocalDate, Municipalities } from '@luotsi/kernel';
import type { Station } from '@luotsi/provider-choice-domain';
import { MUNICIPALITY_POPULATIONS } from './municipality-populations';
import { AGE_SEX_CELLS, type DatasetSex } from './population-structure';
import { cumulate, mulberry32, pick, poisson, seedOf } from './prng';

/** Finland's residents, about (the wellbeing services counties and Helsinki, without Åland). */
export const NATIONAL_RESIDENTS = 5_600_000;

export interface DatasetOptions {
  seed: number;
  /** Residents in all counties together (default NATIONAL_RESIDENTS). */
  residents?: number;
  /** The year of switches and visits; ages are reckoned on its first day (default 2027). */
  year?: number;
  /** Share of residents who switch once in the year (default 0.14, as in the Tampere pilot). */
  switchShare?: number;
  /** Visits per resident per year on average (default 2). */
  visitsPerResident?: number;
}

/** A station: provider choice's own type (the `stations` of a POST /providers body). */
export type DatasetStation = Station;

/** A provider in provider choice's shape (a POST /providers body), with its county. */
export interface DatasetProvider {
  providerId: string;
  businessId: string;
  name: string;
  kind: 'public' | 'private';
  countyKey: string;
  stations: DatasetStation[];
}

export interface DatasetMunicipality {
  code: string;
  nameFi: string;
  /** Residents of this municipality in this dataset (the weights scaled to the dataset's size). */
  residents: number;
  /** Synthetic postal codes: the municipality code and two digits (not real postal codes). */
  postalCodes: string[];
  /** The county's own stations here, the postal codes' default stations in turn. */
  publicStationIds: string[];
}

export interface DatasetCounty {
  key: string;
  nameFi: string;
  residents: number;
  /** The index of the county's first resident in the whole dataset (counties in order). */
  firstIndex: number;
  municipalities: DatasetMunicipality[];
  /** The county's own provider first, then the private ones. */
  providers: DatasetProvider[];
  /** Provider choice's choice area (a PUT /choice-area body). */
  area: { postalCodes: Array<{ postalCode: string; defaultStationId: string }>; switchPeriodMonths: number };
}

export interface DatasetResident {
  /** Unique in the dataset, 0 … residents − 1, in county order. */
  index: number;
  /** A valid henkilötunnus shape matching the birth date and sex (generated test data). */
  identityCode: string;
  birthDate: LocalDate;
  sex: DatasetSex;
  countyKey: string;
  municipalityCode: string;
  postalCode: string;
  /** Registered at the address (the population register row's date), before the year starts. */
  registeredOn: LocalDate;
  /** The default station of the postal code, listed from the registration. */
  stationId: string;
  providerId: string;
}

/** A switch request: at most one a year per resident, so the switching period always holds. */
export interface DatasetSwitch {
  requestedOn: LocalDate;
  effectiveFrom: LocalDate;
  toStationId: string;
  toProviderId: string;
  channel: 'portal' | 'phone' | 'in-person';
  reason: string;
}

/** A service as a provider reports it to billing (a service report row, less the identity code). */
export interface DatasetVisit {
  providerSideId: string;
  providerId: string;
  stationId: string;
  serviceType: string;
  date: LocalDate;
  noShow: boolean;
}

export interface ResidentYear {
  resident: DatasetResident;
  switch: DatasetSwitch | null;
  visits: DatasetVisit[];
}

const PRIVATE_CHAINS = [
  { id: 'mehilainen', name: 'Mehiläinen' },
  { id: 'pihlajalinna', name: 'Pihlajalinna' },
  { id: 'terveystalo', name: 'Terveystalo' },
] as const;

/** Services reported to billing and their shares of visits (a guess at primary care's mix). */
const SERVICE_TYPES = [
  ['nurse-visit', 40],
  ['doctor-visit', 35],
  ['physiotherapy-session', 10],
  ['mental-health-substance-visit', 8],
  ['social-guidance-meeting', 7],
] as const;
/** Switch reasons and their weights (`other` needs free text, so it is left out). */
const REASONS = [
  ['good-location', 30],
  ['doctor-appointment-availability', 20],
  ['nurse-appointment-availability', 10],
  ['good-public-transport', 8],
  ['quality-of-care', 8],
  ['opening-hours', 6],
  ['occupational-health-same-place', 5],
  ['long-term-care-relationship', 4],
  ['good-parking', 3],
  ['special-expertise', 2],
  ['pleasant-premises', 2],
  ['accessibility', 2],
] as const;
const CHANNELS = [
  ['portal', 85],
  ['phone', 10],
  ['in-person', 5],
] as const;
/** Visits by age relative to one another (the old and the youngest see primary care most). */
const visitFactor = (age: number) =>
  age < 5 ? 1.6 : age < 15 ? 0.8 : age < 25 ? 0.7 : age < 45 ? 0.8 : age < 65 ? 1 : age < 75 ? 1.5 : age < 85 ? 2.2 : 3;

/** People per synthetic postal code, per public station and per private station (full size). */
const PER_POSTAL_CODE = 10_000;
const PER_PUBLIC_STATION = 15_000;
const PER_PRIVATE_STATION = 80_000;
/** Registration dates fall in the ten years before the dataset's year (or from birth). */
const REGISTERED_WITHIN_DAYS = 3_652;
/** Individual numbers 002–899 (900–999 are temporary codes): 449 even (women) and 449 odd (men). */
const SLOTS_PER_SEX = 449;
const MIN_SLOTS = 6;

/** Splits `total` in proportion to `weights`, whole numbers adding up to it (largest remainders). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const whole = exact.map(Math.floor);
  let left = total - whole.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    whole[i]! += 1;
  }
  return whole;
}

const weighted = <T extends string>(table: ReadonlyArray<readonly [T, number]>) => ({
  values: table.map(([v]) => v),
  cumulative: cumulate(table.map(([, w]) => w)),
});

export class NationalDataset {
  readonly seed: number;
  readonly residents: number;
  readonly year: number;
  readonly yearStart: LocalDate;
  readonly counties: readonly DatasetCounty[];
  private readonly switchShare: number;
  private readonly visitsPerResident: number;
  /** Each county's share of the individual numbers, so codes are unique without a shared counter. */
  private readonly slots = new Map<string, { first: number; count: number }>();
  private readonly stationProvider = new Map<string, string>();
  private readonly cells = cumulate(AGE_SEX_CELLS.map((c) => c.share));
  private readonly meanVisitFactor: number;
  private readonly daysBefore: LocalDate[] = [];
  private readonly daysOfYear: LocalDate[] = [];

  constructor(options: DatasetOptions) {
    this.seed = options.seed;
    this.residents = options.residents ?? NATIONAL_RESIDENTS;
    this.year = options.year ?? 2027;
    this.switchShare = options.switchShare ?? 0.14;
    this.visitsPerResident = options.visitsPerResident ?? 2;
    if (!Number.isInteger(this.residents) || this.residents < 0) throw new Error(`residents must be a whole number: ${this.residents}`);
    this.yearStart = LocalDate.of(this.year, 1, 1);
    const yearEnd = LocalDate.of(this.year + 1, 1, 1);
    for (let d = this.yearStart; d < yearEnd; d = LocalDate.addDays(d, 1)) this.daysOfYear.push(d);
    // The mean of visitFactor over the age structure, so that the mean of visits is the one asked.
    this.meanVisitFactor = AGE_SEX_CELLS.reduce((sum, c) => {
      let f = 0;
      for (let a = c.fromAge; a <= c.toAge; a++) f += visitFactor(a);
      return sum + (c.share * f) / (c.toAge - c.fromAge + 1);
    }, 0);
    this.counties = this.plan();
  }

  county(key: string): DatasetCounty {
    const c = this.counties.find((x) => x.key === key);
    if (!c) throw new Error(`no county ${key}`);
    return c;
  }

  providers(): DatasetProvider[] {
    return this.counties.flatMap((c) => c.providers);
  }

  /** Every resident's year, county after county. */
  *all(): Generator<ResidentYear> {
    for (const c of this.counties) yield* this.residentsOf(c.key);
  }

  /** One county's residents and their year, generated one at a time from the county's own seed. */
  *residentsOf(countyKey: string): Generator<ResidentYear> {
    const county = this.county(countyKey);
    const random = mulberry32(seedOf(this.seed, 'residents', county.key));
    const slots = this.slots.get(county.key)!;
    const used = new Map<number, number>();
    const stations = county.providers.flatMap((p) =>
      p.stations.map((s) => ({ stationId: s.stationId, providerId: p.providerId, kind: p.kind, municipalityCode: s.municipalityCode })),
    );
    const privateStations = stations.filter((s) => s.kind === 'private');
    const reasons = weighted(REASONS);
    const channels = weighted(CHANNELS);
    const types = weighted(SERVICE_TYPES);
    const defaults = new Map(county.area.postalCodes.map((p) => [p.postalCode, p.defaultStationId]));
    let index = county.firstIndex;
    for (const m of county.municipalities) {
      for (let i = 0; i < m.residents; i++, index++) {
        const cell = AGE_SEX_CELLS[pick(random, this.cells)]!;
        const age = cell.fromAge + Math.floor(random() * (cell.toAge - cell.fromAge + 1));
        // Born in the year before the age-th birthday: days back from the year's first day.
        let back = Math.floor((age + random()) * 365.2425) + 1;
        const sexBit = cell.sex === 'male' ? 1 : 0;
        // A day whose individual numbers are all taken moves the birth a day earlier.
        let key = back * 2 + sexBit;
        while ((used.get(key) ?? 0) >= slots.count) key = ++back * 2 + sexBit;
        const slot = slots.first + (used.get(key) ?? 0);
        used.set(key, (used.get(key) ?? 0) + 1);
        const birthDate = this.dayBefore(back);
        const identityCode = Hetu.generate(birthDate, 2 + 2 * slot + sexBit);
        const sinceDays = Math.min(back, REGISTERED_WITHIN_DAYS);
        const registeredOn = this.dayBefore(1 + Math.floor(random() * sinceDays));
        const postalCode = m.postalCodes[Math.floor(random() * m.postalCodes.length)]!;
        const stationId = defaults.get(postalCode)!;
        const resident: DatasetResident = {
          index,
          identityCode,
          birthDate,
          sex: cell.sex,
          countyKey: county.key,
          municipalityCode: m.code,
          postalCode,
          registeredOn,
          stationId,
          providerId: this.stationProvider.get(stationId)!,
        };

        let change: DatasetSwitch | null = null;
        if (random() < this.switchShare) {
          // Requested from 1 January to 30 November, effective on the next month's first day.
          const requestedOn = this.daysOfYear[Math.floor(random() * (this.daysOfYear.length - 31))]!;
          const toPrivate = privateStations.length > 0 && random() < 0.6;
          const sameTown = stations.filter((s) => s.municipalityCode === m.code && s.stationId !== stationId);
          const pool = (toPrivate ? privateStations : sameTown.length > 0 ? sameTown : stations).filter((s) => s.stationId !== stationId);
          const target = pool[Math.floor(random() * pool.length)];
          if (target)
            change = {
              requestedOn,
              effectiveFrom: LocalDate.firstOfNextMonth(requestedOn),
              toStationId: target.stationId,
              toProviderId: target.providerId,
              channel: channels.values[pick(random, channels.cumulative)]!,
              reason: reasons.values[pick(random, reasons.cumulative)]!,
            };
        }

        const count = poisson(random, (this.visitsPerResident * visitFactor(age)) / this.meanVisitFactor);
        const dates = Array.from({ length: count }, () => this.daysOfYear[Math.floor(random() * this.daysOfYear.length)]!).sort();
        const visits = dates.map((date, k): DatasetVisit => {
          const moved = change !== null && date >= change.effectiveFrom;
          return {
            providerSideId: `V${index}-${k}`,
            providerId: moved ? change!.toProviderId : resident.providerId,
            stationId: moved ? change!.toStationId : stationId,
            serviceType: types.values[pick(random, types.cumulative)]!,
            date,
            noShow: random() < 0.02,
          };
        });
        yield { resident, switch: change, visits };
      }
    }
  }

  /** The day `days` days before the year's first day (cached: birth dates repeat). */
  private dayBefore(days: number): LocalDate {
    let d = this.daysBefore[days];
    if (d === undefined) d = this.daysBefore[days] = LocalDate.addDays(this.yearStart, -days);
    return d;
  }

  private plan(): DatasetCounty[] {
    const weightOf = (code: string) => {
      const n = MUNICIPALITY_POPULATIONS.get(code);
      if (n === undefined) throw new Error(`no population for municipality ${code}`);
      return n;
    };
    const counties = Municipalities.counties().map((c) => ({
      county: c,
      municipalities: [...Municipalities.ofCounty(c.key)].sort((a, b) => (a.code < b.code ? -1 : 1)),
    }));
    const flat = counties.flatMap((c) => c.municipalities);
    const counts = apportion(
      this.residents,
      flat.map((m) => weightOf(m.code)),
    );
    const countOf = new Map(flat.map((m, i) => [m.code, counts[i]!]));
    const countyWeights = counties.map((c) => c.municipalities.reduce((n, m) => n + weightOf(m.code), 0));
    const slotCounts = apportion(SLOTS_PER_SEX - MIN_SLOTS * counties.length, countyWeights).map((n) => n + MIN_SLOTS);
    let firstSlot = 0;
    let firstIndex = 0;
    let businessSerial = 0;
    // Distinct valid business IDs, the same for the same provider on every run (synthetic).
    const nextBusinessId = (): string => {
      for (;;) {
        const digits = String(2_900_000 + ++businessSerial * 7).padStart(7, '0');
        try {
          return BusinessId.withCheckDigit(digits);
        } catch {
          // No check digit exists for these digits (remainder 1): take the next.
        }
      }
    };
    return counties.map(({ county, municipalities }, ci) => {
      this.slots.set(county.key, { first: firstSlot, count: slotCounts[ci]! });
      firstSlot += slotCounts[ci]!;
      const own: DatasetProvider = {
        providerId: county.key,
        businessId: nextBusinessId(),
        name: county.nameFi,
        kind: 'public',
        countyKey: county.key,
        stations: [],
      };
      const chains = PRIVATE_CHAINS.map((chain) => ({
        providerId: `${chain.id}-${county.key}`,
        businessId: nextBusinessId(),
        name: `${chain.name} (${county.nameFi})`,
        kind: 'private' as const,
        countyKey: county.key,
        stations: [] as DatasetStation[],
      }));
      const largest = municipalities.reduce((a, b) => (weightOf(b.code) > weightOf(a.code) ? b : a));
      const area: DatasetCounty['area'] = { postalCodes: [], switchPeriodMonths: 3 };
      const planned = municipalities.map((m, mi): DatasetMunicipality => {
        const people = weightOf(m.code);
        const postalCodes = Array.from(
          { length: Math.min(99, Math.ceil(people / PER_POSTAL_CODE)) },
          (_, i) => `${m.code}${String(i).padStart(2, '0')}`,
        );
        const languages: Station['languages'] = m.nameSv !== m.nameFi ? ['fi', 'sv'] : ['fi'];
        const station = (stationId: string, name: string, services: Station['services'], i: number): DatasetStation => ({
          stationId,
          name,
          streetAddress: `Terveystie ${i + 1}`,
          postalCode: postalCodes[i % postalCodes.length]!,
          municipalityCode: m.code,
          languages,
          services,
          openingHours: 'Mon–Fri 8–16',
          accessibility: 'step-free',
        });
        const publicIds: string[] = [];
        for (let i = 0; i < Math.max(1, Math.round(people / PER_PUBLIC_STATION)); i++) {
          const s = station(
            `${county.key}-${m.code}-${i + 1}`,
            `${m.nameFi} health station ${i + 1}`,
            ['primary-care-reception', 'mental-health-and-substance-work', 'physiotherapy', 'social-guidance'],
            i,
          );
          own.stations.push(s);
          publicIds.push(s.stationId);
        }
        // Private stations where there are people enough (and in every county's largest town):
        // more chains in bigger towns, the chain of a one-chain town taken in turn.
        if (people >= 20_000 || m === largest) {
          const present = people >= 50_000 ? 3 : people >= 30_000 ? 2 : 1;
          for (let j = 0; j < present; j++) {
            const chain = chains[(mi + j) % chains.length]!;
            for (let i = 0; i < Math.max(1, Math.floor(people / PER_PRIVATE_STATION)); i++)
              chain.stations.push(
                station(
                  `${chain.providerId.split('-')[0]}-${m.code}-${i + 1}`,
                  `${chain.name} ${m.nameFi} ${i + 1}`,
                  ['primary-care-reception', 'physiotherapy'],
                  i,
                ),
              );
          }
        }
        postalCodes.forEach((postalCode, i) => area.postalCodes.push({ postalCode, defaultStationId: publicIds[i % publicIds.length]! }));
        return { code: m.code, nameFi: m.nameFi, residents: countOf.get(m.code)!, postalCodes, publicStationIds: publicIds };
      });
      const providers = [own, ...chains.filter((c) => c.stations.length > 0)];
      for (const p of providers) for (const s of p.stations) this.stationProvider.set(s.stationId, p.providerId);
      const residents = planned.reduce((n, m) => n + m.residents, 0);
      const planOfCounty: DatasetCounty = {
        key: county.key,
        nameFi: county.nameFi,
        residents,
        firstIndex,
        municipalities: planned,
        providers,
        area,
      };
      firstIndex += residents;
      return planOfCounty;
    });
  }
}

export const nationalDataset = (options: DatasetOptions) => new NationalDataset(options);

/** The resident's row of a population-register file (provider choice's NDJSON import). */
export const registrationLine = (r: DatasetResident): string =>
  JSON.stringify({
    type: 'resident-registered',
    identityCode: r.identityCode,
    postalCode: r.postalCode,
    municipalityCode: r.municipalityCode,
    date: r.registeredOn,
  });

/** The visit as a row of billing's service report (POST /services/reports). */
export const serviceRow = (r: DatasetResident, v: DatasetVisit) => ({
  providerSideId: v.providerSideId,
  identityCode: r.identityCode,
  serviceType: v.serviceType,
  date: v.date,
  stationId: v.stationId,
  noShow: v.noShow,
});

/** The switch as provider choice's switch request body (POST /residents/:personRef/switches). */
export const switchBody = (s: DatasetSwitch) => ({ stationId: s.toStationId, channel: s.channel, reason: s.reason });
