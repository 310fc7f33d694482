import { deciderSpec } from '@luotsi/kernel/testing';
import { capitation, clientFees, d, m, serviceFees } from '../testing-fixtures';
import { exampleCapitationRates, exampleClientFees, exampleServiceFees, feeCapOf } from './example-rates';
import { FEE_CAP_BY_YEAR, versionOn } from './rate-tables';
import { ratesDecider } from './rates-decider';

const spec = deciderSpec(ratesDecider);
const TODAY = d('2026-11-23');

describe('rate tables', () => {
  it('picks the version valid on a date by validFrom', () => {
    const versions = [serviceFees('2026-01-01', 4_000), serviceFees('2027-01-01', 4_500)];
    expect(versionOn(versions, d('2026-12-01'), 'service fees').centsByServiceType['doctor-visit']).toBe(4_000);
    expect(versionOn(versions, d('2027-01-01'), 'service fees').centsByServiceType['doctor-visit']).toBe(4_500);
    expect(() => versionOn(versions, d('2025-12-01'), 'service fees')).toThrow(expect.objectContaining({ code: 'NO_RATES' }));
  });

  it('records a change as an event, ignores the same version again, and validates every field', () => {
    const set = { type: 'SetServiceFees' as const, fees: serviceFees(), setBy: 'finance:eeva', lockedThrough: null, today: TODAY };
    const events = spec.given([]).when(set).events();
    expect(events[0]).toMatchObject({ type: 'ServiceFeesSet', data: { setBy: 'finance:eeva', validFrom: '2026-01-01' } });
    spec.given(events).when(set).then([]);
    spec
      .given([])
      .when({ ...set, fees: { ...serviceFees(), centsByServiceType: { ...serviceFees().centsByServiceType, 'nurse-visit': 12.5 } } })
      .thenFails('INVALID_RATES', { problems: ['centsByServiceType.nurse-visit must be whole non-negative cents'] });
    spec
      .given([])
      .when({ ...set, fees: serviceFees('2026-01-15') })
      .thenFails('INVALID_RATES', { problems: ['validFrom must be the first day of a month'] });
    spec
      .given([])
      .when({
        type: 'SetCapitationRates',
        rates: capitation('2026-01-01', { sexFactors: { male: 0, female: 1 } }),
        setBy: 'finance:eeva',
        lockedThrough: null,
        today: TODAY,
      })
      .thenFails('INVALID_RATES');
  });

  it('refuses a version that would start inside an approved month, and allows the month after', () => {
    spec
      .given([])
      .when({ type: 'SetClientFees', fees: clientFees('2027-02-01'), setBy: 'finance:eeva', lockedThrough: m('2027-02'), today: TODAY })
      .thenFails('RATES_LOCKED', { earliestValidFrom: '2027-03-01' });
    spec
      .given([])
      .when({
        type: 'SetCapitationRates',
        rates: capitation('2026-06-01'),
        setBy: 'finance:eeva',
        lockedThrough: m('2027-02'),
        today: TODAY,
      })
      .thenFails('RATES_LOCKED', { lockedThrough: '2027-02' });
    spec
      .given([])
      .when({ type: 'SetServiceFees', fees: serviceFees('2027-01-01'), setBy: 'finance:eeva', lockedThrough: m('2027-02'), today: TODAY })
      .thenFails('RATES_LOCKED');
    expect(
      spec
        .given([])
        .when({ type: 'SetClientFees', fees: clientFees('2027-03-01'), setBy: 'finance:eeva', lockedThrough: m('2027-02'), today: TODAY })
        .events(),
    ).toHaveLength(1);
  });

  it('answers an identical version again with nothing, even for a locked month (a retried request)', () => {
    const set = {
      type: 'SetCapitationRates' as const,
      rates: capitation('2027-01-01'),
      setBy: 'finance:eeva',
      lockedThrough: null,
      today: TODAY,
    };
    const events = spec.given([]).when(set).events();
    spec
      .given(events)
      .when({ ...set, setBy: 'finance:olli', lockedThrough: m('2027-03'), today: TODAY })
      .then([]);
    spec
      .given(events)
      .when({
        ...set,
        rates: capitation('2027-01-01', { sexFactors: { male: 1.1, female: 1 } }),
        lockedThrough: m('2027-03'),
        today: TODAY,
      })
      .thenFails('RATES_LOCKED');
  });

  it('picks the latest validFrom on or before the date, whatever order the versions come in', () => {
    const versions = [serviceFees('2027-06-01', 5_000), serviceFees('2026-01-01', 4_000), serviceFees('2027-01-01', 4_500)];
    const doctorOn = (date: string) => versionOn(versions, d(date)).centsByServiceType['doctor-visit'];
    expect([
      doctorOn('2026-01-01'),
      doctorOn('2026-12-31'),
      doctorOn('2027-01-01'),
      doctorOn('2027-05-31'),
      doctorOn('2027-06-01'),
      doctorOn('2030-01-01'),
    ]).toEqual([4_000, 4_000, 4_500, 4_500, 5_000, 5_000]);
    expect(() => versionOn([], d('2027-01-01'))).toThrow(
      expect.objectContaining({ code: 'NO_RATES', kind: 'rule', details: { date: '2027-01-01', table: 'rates' } }),
    );
  });

  it('requires every age band and service type, and no others', () => {
    const { '85+': _dropped, ...fiveBands } = capitation().annualCentsByAgeBand;
    spec
      .given([])
      .when({
        type: 'SetCapitationRates',
        rates: { ...capitation(), annualCentsByAgeBand: fiveBands as never },
        setBy: 'finance:eeva',
        lockedThrough: null,
        today: TODAY,
      })
      .thenFails('INVALID_RATES', { problems: ['annualCentsByAgeBand.85+ must be whole non-negative cents'] });
    spec
      .given([])
      .when({
        type: 'SetServiceFees',
        fees: { ...serviceFees(), centsByServiceType: { ...serviceFees().centsByServiceType, dentist: 100 } as never },
        setBy: 'finance:eeva',
        lockedThrough: null,
        today: TODAY,
      })
      .thenFails('INVALID_RATES', { problems: [expect.stringContaining('centsByServiceType.dentist is not one of')] });
    spec
      .given([])
      .when({
        type: 'SetServiceFees',
        fees: { ...serviceFees(), centsByServiceType: { ...serviceFees().centsByServiceType, 'doctor-visit': -1 } },
        setBy: 'finance:eeva',
        lockedThrough: null,
        today: TODAY,
      })
      .thenFails('INVALID_RATES', { problems: ['centsByServiceType.doctor-visit must be whole non-negative cents'] });
    const { 'nurse-visit': _n, ...counts } = clientFees().countsTowardCap;
    spec
      .given([])
      .when({
        type: 'SetClientFees',
        fees: { ...clientFees(), countsTowardCap: counts as never },
        setBy: 'finance:eeva',
        lockedThrough: null,
        today: TODAY,
      })
      .thenFails('INVALID_RATES', { problems: ['countsTowardCap.nurse-visit must be true or false'] });
    spec
      .given([])
      .when({
        type: 'SetClientFees',
        fees: { ...clientFees(), annualCapCents: 0 },
        setBy: 'finance:eeva',
        lockedThrough: null,
        today: TODAY,
      })
      .thenFails('INVALID_RATES', { problems: ['annualCapCents must be positive whole cents'] });
  });

  it('accepts factors 0 < f ≤ 10 with at most six decimals and refuses the rest', () => {
    const set = (male: number) => ({
      type: 'SetCapitationRates' as const,
      rates: capitation('2026-01-01', { sexFactors: { male, female: 1 } }),
      setBy: 'finance:eeva',
      lockedThrough: null,
      today: TODAY,
    });
    for (const ok of [0.000001, 1.1, 1.123456, 10]) expect(spec.given([]).when(set(ok)).events()).toHaveLength(1);
    for (const bad of [0, -1, 10.000001, 1.1234567, Number.NaN]) spec.given([]).when(set(bad)).thenFails('INVALID_RATES');
    spec
      .given([])
      .when({
        type: 'SetCapitationRates',
        rates: capitation('2026-01-01', { needCoefficients: { per_x: 11 } }),
        setBy: 'finance:eeva',
        lockedThrough: null,
        today: TODAY,
      })
      .thenFails('INVALID_RATES', { problems: ['needCoefficients.per_x must be > 0 and ≤ 10 with at most six decimals'] });
  });

  it('keeps one version per validFrom: a changed version for the same month replaces the earlier one', () => {
    const first = spec
      .given([])
      .when({ type: 'SetServiceFees', fees: serviceFees('2027-01-01', 4_000), setBy: 'finance:eeva', lockedThrough: null, today: TODAY })
      .events();
    const second = spec
      .given(first)
      .when({ type: 'SetServiceFees', fees: serviceFees('2027-01-01', 4_200), setBy: 'finance:olli', lockedThrough: null, today: TODAY })
      .events();
    expect(second).toHaveLength(1);
    const state = [...first, ...second].reduce(ratesDecider.evolve, ratesDecider.initialState());
    expect(state.serviceFees.map((v) => [v.validFrom, v.centsByServiceType['doctor-visit']])).toEqual([['2027-01-01', 4_200]]);
    expect(state.serviceFees[0]).not.toHaveProperty('setBy');
  });

  it('knows the statutory fee caps', () => {
    expect(FEE_CAP_BY_YEAR[2026]).toBe(81_500);
    expect(FEE_CAP_BY_YEAR[2024]).toBe(76_200);
  });
});

describe('the statutory client-fee cap by year (client-fees act 734/1992)', () => {
  it('is €683 in 2020–21, €692 in 2022–23, €762 in 2024–25 and €815 in 2026', () => {
    expect(FEE_CAP_BY_YEAR).toEqual({ 2020: 68_300, 2021: 68_300, 2022: 69_200, 2023: 69_200, 2024: 76_200, 2025: 76_200, 2026: 81_500 });
  });

  it('is refused for a year the table does not know, rather than guessed', () => {
    expect(feeCapOf(2025)).toBe(76_200);
    expect(() => feeCapOf(2027)).toThrow(expect.objectContaining({ code: 'NO_FEE_CAP', details: expect.objectContaining({ year: 2027 }) }));
  });
});

describe('the range of validFrom', () => {
  it('refuses versions valid from absurd dates: before 2000 or more than five years ahead', () => {
    const set = (validFrom: string) => ({
      type: 'SetClientFees' as const,
      fees: clientFees(validFrom),
      setBy: 'finance:eeva',
      lockedThrough: null,
      today: TODAY,
    });
    spec
      .given([])
      .when(set('0001-01-01'))
      .thenFails('DATE_OUT_OF_RANGE', { field: 'validFrom', earliest: '2000-01-01', latest: '2031-11-01' });
    spec
      .given([])
      .when({ ...set('2026-01-01'), type: 'SetServiceFees', fees: serviceFees('9999-12-01') })
      .thenFails('DATE_OUT_OF_RANGE');
    spec
      .given([])
      .when({ ...set('2026-01-01'), type: 'SetCapitationRates', rates: capitation('1999-12-01') })
      .thenFails('DATE_OUT_OF_RANGE');
    spec.given([]).when(set('2031-12-01')).thenFails('DATE_OUT_OF_RANGE');
    expect(spec.given([]).when(set('2000-01-01')).events()).toHaveLength(1);
    expect(spec.given([]).when(set('2031-11-01')).events()).toHaveLength(1);
  });
});

describe('example rate tables', () => {
  it('take the real cap of their year and pass the same validation as any table', () => {
    expect(exampleClientFees(d('2024-01-01')).annualCapCents).toBe(76_200);
    expect(exampleClientFees(d('2026-07-01')).annualCapCents).toBe(81_500);
    for (const command of [
      {
        type: 'SetCapitationRates' as const,
        rates: exampleCapitationRates(d('2026-01-01')),
        setBy: 'setup',
        lockedThrough: null,
        today: TODAY,
      },
      { type: 'SetServiceFees' as const, fees: exampleServiceFees(d('2026-01-01')), setBy: 'setup', lockedThrough: null, today: TODAY },
      { type: 'SetClientFees' as const, fees: exampleClientFees(d('2026-01-01')), setBy: 'setup', lockedThrough: null, today: TODAY },
    ]) {
      expect(spec.given([]).when(command).events()).toHaveLength(1);
    }
  });

  it('mark social guidance as not counting toward the cap', () => {
    expect(exampleClientFees(d('2026-01-01')).countsTowardCap['social-guidance-meeting']).toBe(false);
    expect(exampleClientFees(d('2026-01-01')).countsTowardCap['doctor-visit']).toBe(true);
  });
});
