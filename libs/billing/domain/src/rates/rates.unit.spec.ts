import { deciderSpec } from '@luotsi/kernel/testing';
import { capitation, clientFees, d, m, serviceFees } from '../testing-fixtures';
import { FEE_CAP_BY_YEAR, versionOn } from './rate-tables';
import { ratesDecider } from './rates-decider';
import { validateServiceRow } from '../services/service-rows';

const spec = deciderSpec(ratesDecider);

describe('rate tables', () => {
  it('picks the version valid on a date by validFrom', () => {
    const versions = [serviceFees('2026-01-01', 4_000), serviceFees('2027-01-01', 4_500)];
    expect(versionOn(versions, d('2026-12-01'), 'service fees').centsByServiceType['doctor-visit']).toBe(4_000);
    expect(versionOn(versions, d('2027-01-01'), 'service fees').centsByServiceType['doctor-visit']).toBe(4_500);
    expect(() => versionOn(versions, d('2025-12-01'), 'service fees')).toThrow(expect.objectContaining({ code: 'NO_RATES' }));
  });

  it('records a change as an event, ignores the same version again, and validates every field', () => {
    const set = { type: 'SetServiceFees' as const, fees: serviceFees(), setBy: 'finance:eeva', lockedThrough: null };
    const events = spec.given([]).when(set).events();
    expect(events[0]).toMatchObject({ type: 'ServiceFeesSet', data: { setBy: 'finance:eeva', validFrom: '2026-01-01' } });
    spec.given(events).when(set).then([]);
    spec.given([]).when({ ...set, fees: { ...serviceFees(), centsByServiceType: { ...serviceFees().centsByServiceType, 'nurse-visit': 12.5 } } }).thenFails('INVALID_RATES', { problems: ['centsByServiceType.nurse-visit must be whole non-negative cents'] });
    spec.given([]).when({ ...set, fees: serviceFees('2026-01-15') }).thenFails('INVALID_RATES', { problems: ['validFrom must be the first day of a month'] });
    spec.given([]).when({ type: 'SetCapitationRates', rates: capitation('2026-01-01', { sexFactors: { male: 0, female: 1 } }), setBy: 'finance:eeva', lockedThrough: null }).thenFails('INVALID_RATES');
  });

  it('refuses a version that would start inside an approved month', () => {
    spec.given([]).when({ type: 'SetClientFees', fees: clientFees('2027-02-01'), setBy: 'finance:eeva', lockedThrough: m('2027-02') }).thenFails('RATES_LOCKED', { earliestValidFrom: '2027-03-01' });
  });

  it('knows the statutory fee caps', () => {
    expect(FEE_CAP_BY_YEAR[2026]).toBe(81_500);
    expect(FEE_CAP_BY_YEAR[2024]).toBe(76_200);
  });
});

describe('a reported service row', () => {
  const ctx = { providerStationIds: ['mehilainen-hervanta'], today: d('2027-03-10') };
  const row = { providerSideId: 'm-1', personRef: 'per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11' as never, serviceType: 'doctor-visit', date: '2027-03-09', stationId: 'mehilainen-hervanta', noShow: false };
  it('is accepted when it is right', () => expect(validateServiceRow(row, ctx)).toEqual([]));
  it('reports every problem with a stable code', () => {
    expect(validateServiceRow({ ...row, providerSideId: '', serviceType: 'massage', date: '2027-03-11', stationId: 'other', personRef: null }, ctx).map((e) => e.code)).toEqual([
      'MISSING_PROVIDER_SIDE_ID', 'UNKNOWN_SERVICE_TYPE', 'FUTURE_DATE', 'STATION_NOT_OF_PROVIDER', 'UNKNOWN_PERSON',
    ]);
    expect(validateServiceRow({ ...row, date: '2027-02-30' }, ctx).map((e) => e.code)).toEqual(['INVALID_DATE']);
  });
});
