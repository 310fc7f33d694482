import { PersonRef } from '@luotsi/kernel';
import { deciderSpec } from '@luotsi/kernel/testing';
import { d } from '../testing-fixtures';
import type { ServiceType } from '../vocabulary';
import { serviceDecider, serviceStream, type ServiceCommand } from './service-decider';
import { validateServiceRow, type ServiceRow } from './service-rows';

const ctx = { providerId: 'mehilainen', providerStationIds: ['mehilainen-hervanta', 'mehilainen-keskusta'], today: d('2027-03-10') };
const row: ServiceRow = {
  providerSideId: 'm-1',
  personRef: PersonRef.fromUuid('0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11'),
  serviceType: 'doctor-visit',
  date: '2027-03-09',
  stationId: 'mehilainen-hervanta',
  noShow: false,
};
const codes = (r: Partial<ServiceRow>, c = ctx) => validateServiceRow({ ...row, ...r }, c).map((e) => e.code);

describe('validating a reported service row', () => {
  it('accepts a correct row, also one dated today and a no-show', () => {
    expect(validateServiceRow(row, ctx)).toEqual([]);
    expect(codes({ date: '2027-03-10', noShow: true })).toEqual([]);
  });

  it('gives each problem its stable code', () => {
    expect(codes({ providerSideId: '  ' })).toEqual(['MISSING_PROVIDER_SIDE_ID']);
    expect(codes({ providerSideId: 'x'.repeat(101) })).toEqual(['MISSING_PROVIDER_SIDE_ID']);
    expect(codes({ serviceType: 'massage' })).toEqual(['UNKNOWN_SERVICE_TYPE']);
    expect(codes({ date: '2027-03-11' })).toEqual(['FUTURE_DATE']);
    expect(codes({ date: '2027-02-30' })).toEqual(['INVALID_DATE']);
    expect(codes({ date: '9.3.2027' })).toEqual(['INVALID_DATE']);
    expect(codes({ stationId: 'pihlajalinna-hervanta' })).toEqual(['STATION_NOT_OF_PROVIDER']);
    expect(codes({ personRef: null })).toEqual(['UNKNOWN_PERSON']);
    expect(codes({ date: '0001-01-01' })).toEqual(['DATE_OUT_OF_RANGE']);
    expect(codes({ date: '1999-12-31' })).toEqual(['DATE_OUT_OF_RANGE']);
    expect(codes({ date: '2000-01-01' })).toEqual([]);
  });

  it("refuses unstorable characters and identity codes in the row's own fields, without repeating them", () => {
    expect(codes({ providerSideId: 'm-\u0000' })).toEqual(['INVALID_CHARACTERS']);
    expect(codes({ stationId: 'mehilainen-hervanta\ud800' })).toEqual(['INVALID_CHARACTERS']);
    expect(codes({ serviceType: 'doctor\udc00visit' })).toEqual(['INVALID_CHARACTERS']);
    expect(codes({ providerSideId: 'M-131052-308T' })).toEqual(['IDENTITY_CODE_IN_FIELD']);
    expect(codes({ stationId: '131052-308T' })).toEqual(['IDENTITY_CODE_IN_FIELD']);
    expect(codes({ serviceType: '131052-308T' })).toEqual(['IDENTITY_CODE_IN_FIELD']);
    expect(codes({ providerSideId: 'm-😀' })).toEqual([]);
    const messages = validateServiceRow({ ...row, stationId: '131052-308T', providerSideId: 'x\u0000' }, ctx)
      .map((e) => e.message)
      .join(' ');
    expect(messages).not.toContain('131052-308T');
    expect(messages).not.toContain('\u0000');
  });

  it('reports every problem of a row at once, so a file is fixed in one pass', () => {
    expect(codes({ providerSideId: '', serviceType: 'massage', date: '2027-03-11', stationId: 'other', personRef: null })).toEqual([
      'MISSING_PROVIDER_SIDE_ID',
      'UNKNOWN_SERVICE_TYPE',
      'FUTURE_DATE',
      'STATION_NOT_OF_PROVIDER',
      'UNKNOWN_PERSON',
    ]);
  });

  it('names the provider in the station message', () => {
    expect(validateServiceRow({ ...row, stationId: 'other' }, ctx)[0]!.message).toContain('mehilainen');
    expect(
      validateServiceRow({ ...row, stationId: 'other' }, { providerStationIds: ctx.providerStationIds, today: ctx.today }),
    ).toHaveLength(1);
  });
});

const spec = deciderSpec(serviceDecider);
const person = PersonRef.fromUuid('0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11');
const record = (over: Partial<ServiceCommand> = {}): ServiceCommand => ({
  type: 'RecordService',
  providerId: 'mehilainen',
  providerSideId: 'm-1',
  personRef: person,
  serviceType: 'doctor-visit',
  date: d('2027-03-01'),
  stationId: 'mehilainen-hervanta',
  noShow: false,
  listed: true,
  monthApproved: false,
  today: d('2027-03-10'),
  ...over,
});

describe('recording a reported service', () => {
  it('records the service with whether the client was listed with the provider on its date', () => {
    spec
      .given([])
      .when(record())
      .then([
        {
          type: 'ServiceRecorded',
          data: {
            providerId: 'mehilainen',
            providerSideId: 'm-1',
            personRef: person,
            serviceType: 'doctor-visit',
            date: d('2027-03-01'),
            stationId: 'mehilainen-hervanta',
            noShow: false,
            listedAtReport: true,
          },
        },
      ]);
  });

  it('records services to unlisted clients and no-shows too: they are reported, they just earn nothing', () => {
    expect(
      spec
        .given([])
        .when(record({ listed: false, noShow: true }))
        .events()[0],
    ).toMatchObject({ data: { listedAtReport: false, noShow: true } });
  });

  it('writes nothing for the same row again: a re-sent report is a duplicate, whatever billing now knows of the listing', () => {
    const events = spec.given([]).when(record()).events();
    spec.given(events).when(record()).then([]);
    spec
      .given(events)
      .when(record({ listed: false, monthApproved: true, today: d('2027-04-02') }))
      .then([]);
    expect(
      spec
        .given(events)
        .when(record({ providerSideId: 'm-2' }))
        .events(),
    ).toHaveLength(1);
  });

  it('refuses another service under a known provider-side id, naming what was recorded but never the person', () => {
    const events = spec.given([]).when(record()).events();
    const other = PersonRef.fromUuid('1b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11');
    spec
      .given(events)
      .when(record({ personRef: other }))
      .thenFails('SERVICE_ID_CONFLICT', {
        providerSideId: 'm-1',
        recordedDate: '2027-03-01',
        recordedServiceType: 'doctor-visit',
        differingFields: ['personRef'],
      });
    spec
      .given(events)
      .when(record({ serviceType: 'nurse-visit', date: d('2027-03-02') }))
      .thenFails('SERVICE_ID_CONFLICT', { differingFields: ['serviceType', 'date'] });
    spec
      .given(events)
      .when(record({ noShow: true }))
      .thenFails('SERVICE_ID_CONFLICT');
    try {
      serviceDecider.decide(record({ personRef: other }), events.reduce(serviceDecider.evolve, serviceDecider.initialState()));
    } catch (error) {
      expect(JSON.stringify(error)).not.toMatch(/per_/);
    }
  });

  it('records an adjustment with the service when its month was approved at report time', () => {
    expect(
      spec
        .given([])
        .when(record({ monthApproved: true }))
        .events(),
    ).toEqual([
      expect.objectContaining({ type: 'ServiceRecorded' }),
      {
        type: 'AdjustmentRecorded',
        data: { providerId: 'mehilainen', providerSideId: 'm-1', correctsMonth: '2027-03', serviceType: 'doctor-visit' },
      },
    ]);
  });

  it('refuses dates outside 2000-01-01 … today', () => {
    spec
      .given([])
      .when(record({ date: d('0001-01-01') }))
      .thenFails('DATE_OUT_OF_RANGE', { field: 'date', earliest: '2000-01-01', latest: '2027-03-10' });
    spec
      .given([])
      .when(record({ date: d('2027-03-11') }))
      .thenFails('FUTURE_DATE');
    expect(
      spec
        .given([])
        .when(record({ date: d('2000-01-01') }))
        .events(),
    ).toHaveLength(1);
  });

  it('refuses what a validated row cannot be', () => {
    spec
      .given([])
      .when(record({ providerSideId: ' ' }))
      .thenFails('MISSING_PROVIDER_SIDE_ID');
    spec
      .given([])
      .when(record({ serviceType: 'massage' as ServiceType }))
      .thenFails('UNKNOWN_SERVICE_TYPE');
    spec
      .given([])
      .when(record({ date: '2027-02-30' as never }))
      .thenFails('INVALID_DATE');
    spec
      .given(spec.given([]).when(record()).events())
      .when(record({ providerId: 'pihlajalinna', providerSideId: 'p-1' }))
      .thenFails('WRONG_PROVIDER');
  });
});

describe('the service stream name', () => {
  it('is service-<providerId>:<base64url of the provider-side id>, byte for byte what Buffer would give', () => {
    for (const id of ['m-1', 'a', 'ab', 'abc', 'abcd', 'Ääkkönen/123+?', '訪問-42', '', 'x'.repeat(100), '😀 emoji']) {
      expect(serviceStream('mehilainen', id)).toBe(`service-mehilainen:${Buffer.from(id).toString('base64url')}`);
    }
  });
});
