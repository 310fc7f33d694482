import type { DataSource } from 'typeorm';
import { LocalDate, YearMonth, type Sex } from '@luotsi/kernel';
import { migrate, openDataSource, PglitePool } from '@luotsi/database';
import { capitationGroups, type CapitationGroup, type CapitationRates, type ListedClient } from '@luotsi/billing-domain';
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
});
