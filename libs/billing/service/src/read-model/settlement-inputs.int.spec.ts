import type { DataSource } from 'typeorm';
import { LocalDate, YearMonth, type Sex } from '@luotsi/kernel';
import { migrate, openDataSource, PglitePool } from '@luotsi/database';
import {
  capitationGroups,
  exampleCapitationRates,
  exampleServiceFees,
  groupSettlementInput,
  SERVICE_TYPES,
  type CapitationGroup,
  type CapitationRates,
  type ListedClient,
  type SettledService,
} from '@luotsi/billing-domain';
import { BILLING_MIGRATIONS } from './migrations';
import { settlementInputs } from './settlement-inputs';

/** A small deterministic generator, so that a failure names the same people on every run. */
function lcg(seed: number) {
  let x = seed;
  return (n: number) => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return Math.floor((x / 2 ** 31) * n);
  };
}

const sorted = (groups: CapitationGroup[]) =>
  [...groups].sort((a, b) => `${a.ageBand}|${a.sex}|${a.needCoefficient}`.localeCompare(`${b.ageBand}|${b.sex}|${b.needCoefficient}`));

describe('settlement inputs in SQL agree with the domain', () => {
  let pool: PglitePool;
  let db: DataSource;
  beforeAll(async () => {
    pool = await PglitePool.open();
    await migrate(pool, 'billing', BILLING_MIGRATIONS);
    db = await openDataSource(pool, []);
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
    await pool?.end();
  });

  it('bands the clients listed on the first day exactly as capitationGroups does, edges and need coefficients included', async () => {
    const month = YearMonth.parse('2028-03');
    const first = YearMonth.firstDay(month);
    const random = lcg(7);
    const edges = [
      '2021-03-01',
      '2021-03-02',
      '2020-02-29',
      '2010-03-01',
      '2010-03-02',
      '1963-03-01',
      '1963-03-02',
      '1953-03-01',
      '1943-03-01',
      '1943-03-02',
      first,
    ];
    const listings: Array<{ personRef: string; providerId: string; from: string; to: string | null; birthDate: string; sex: Sex }> = [];
    for (let i = 0; i < 600; i++) {
      const birthDate = i < edges.length * 2 ? edges[i % edges.length]! : LocalDate.addDays(LocalDate.parse('1925-01-01'), random(37_000));
      const ended = random(5) === 0;
      listings.push({
        personRef: `per_${String(i).padStart(8, '0')}`,
        providerId: ['tampere', 'mehilainen'][random(2)]!,
        from: random(6) === 0 ? first : random(9) === 0 ? '2028-03-02' : '2024-01-01',
        to: ended ? (random(2) ? '2028-02-29' : first) : null,
        birthDate: birthDate > first ? first : birthDate,
        sex: random(2) ? 'female' : 'male',
      });
    }
    for (const l of listings) {
      await db.query(
        'INSERT INTO bl_listings (person_ref, source_event_id, provider_id, station_id, effective_from, effective_to, birth_date, sex) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [l.personRef, `e-${l.personRef}`, l.providerId, `${l.providerId}-1`, l.from, l.to, l.birthDate, l.sex],
      );
    }
    const rates: Pick<CapitationRates, 'needCoefficients'> = {
      needCoefficients: { per_00000030: 1.5, per_00000031: 0.8, per_00000599: 2 },
    };
    const inputs = await db.transaction((em) => settlementInputs(em, ['tampere', 'mehilainen'], month, rates as CapitationRates));
    for (const providerId of ['tampere', 'mehilainen']) {
      const listed: ListedClient[] = listings
        .filter((l) => l.providerId === providerId && l.from <= first && (l.to === null || l.to >= first))
        .map((l) => ({ personRef: l.personRef, birthDate: l.birthDate as LocalDate, sex: l.sex }));
      const expected = capitationGroups(month, listed, rates);
      const merged = new Map<string, CapitationGroup>();
      for (const g of inputs.get(providerId)!.capitationGroups) {
        const key = `${g.ageBand}|${g.sex}|${g.needCoefficient}`;
        merged.set(key, { ...g, clients: (merged.get(key)?.clients ?? 0) + g.clients });
      }
      expect(sorted([...merged.values()])).toEqual(sorted(expected));
      expect(expected.reduce((n, g) => n + g.clients, 0)).toBeGreaterThan(100);
    }
  });

  it("counts each provider's listed and unlisted services of the month as groupSettlementInput does, listings of other providers and months around", async () => {
    const month = YearMonth.parse('2028-05');
    const random = lcg(11);
    const day = (from: string, days: number) => LocalDate.addDays(LocalDate.parse(from), random(days));
    // Three providers, two of them settled; a person's listing periods follow one another (a
    // switch ends one the day before the next begins), some of them beginning or ending mid-month.
    const providers = ['vaasa', 'terveystalo', 'outside'];
    const periods: Array<{ personRef: string; providerId: string; from: string; to: string | null }> = [];
    for (let i = 0; i < 300; i++) {
      const personRef = `svc_${String(i).padStart(6, '0')}`;
      let from = day('2028-03-01', 90);
      for (let n = 0; n < 1 + random(3); n++) {
        const to = random(3) === 0 ? null : day(from, 60);
        periods.push({ personRef, providerId: providers[random(3)]!, from, to });
        if (to === null) break;
        from = LocalDate.addDays(LocalDate.parse(to), 1 + random(10));
      }
    }
    for (const [k, l] of periods.entries())
      await db.query(
        'INSERT INTO bl_listings (person_ref, source_event_id, provider_id, station_id, effective_from, effective_to, birth_date, sex) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [l.personRef, `svc-e-${k}`, l.providerId, `${l.providerId}-1`, l.from, l.to, '1980-01-01', 'female'],
      );
    const services: Array<SettledService & { providerId: string; personRef: string }> = [];
    for (let i = 0; i < 1500; i++) {
      const date = day('2028-04-25', 45); // the month with days of the months beside it
      const providerId = providers[random(3)]!;
      const personRef = `svc_${String(random(300)).padStart(6, '0')}`;
      const listed = periods.some(
        (l) => l.personRef === personRef && l.providerId === providerId && l.from <= date && (l.to === null || l.to >= date),
      );
      const serviceType = SERVICE_TYPES[random(3)]!;
      services.push({
        providerId,
        personRef,
        providerSideId: `svc-${i}`,
        serviceType,
        date: date as LocalDate,
        listed,
        noShow: random(10) === 0,
      });
    }
    for (const [k, s] of services.entries())
      await db.query(
        `INSERT INTO bl_services (stream_id, provider_id, provider_side_id, person_ref, service_type, service_date, station_id, no_show, global_position)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          `service-${s.providerSideId}`,
          s.providerId,
          s.providerSideId,
          s.personRef,
          s.serviceType,
          s.date,
          `${s.providerId}-1`,
          s.noShow,
          k + 1,
        ],
      );
    const rates = { ...exampleCapitationRates('2020-01-01' as LocalDate), needCoefficients: {} };
    const settled = ['vaasa', 'terveystalo'];
    const inputs = await db.transaction((em) => settlementInputs(em, settled, month, rates));
    expect(inputs.has('outside')).toBe(false);
    for (const providerId of settled) {
      const fees = exampleServiceFees('2020-01-01' as LocalDate);
      const expected = groupSettlementInput({
        providerId,
        month,
        listedOnFirstDay: [],
        services: services.filter((s) => s.providerId === providerId),
        lateServices: [],
        capitation: rates,
        fees,
        feesForMonth: () => fees,
      });
      const got = inputs.get(providerId)!;
      expect(got.serviceCounts).toEqual(expected.serviceCounts);
      expect(got.unlistedServices).toBe(expected.unlistedServices);
      // Both kinds occur, so the listing check is exercised both ways.
      expect(Object.values(expected.serviceCounts).reduce((n, c) => n + c, 0)).toBeGreaterThan(20);
      expect(expected.unlistedServices).toBeGreaterThan(20);
    }
  });
});
