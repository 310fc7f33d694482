import { deciderSpec } from '@luotsi/kernel/testing';
import { LocalDate } from '@luotsi/kernel';
import { providerDecider, type ProviderCommand } from './provider-decider';
import type { ProviderEvent, Station } from './provider-events';
import { isApprovedOn, statusOn } from './provider-status';

const spec = deciderSpec(providerDecider);
const d = LocalDate.parse;
const station: Station = {
  stationId: 'mehilainen-hervanta',
  name: 'Mehiläinen Hervanta',
  streetAddress: 'Insinöörinkatu 23',
  postalCode: '33720',
  municipalityCode: '837',
  languages: ['fi', 'en'],
  services: ['primary-care-reception', 'physiotherapy'],
  openingHours: 'Mon–Fri 8–18',
  accessibility: 'step-free entrance',
};
const register: ProviderCommand = {
  type: 'RegisterProvider',
  providerId: 'mehilainen',
  businessId: '1927400-1',
  name: 'Mehiläinen Oy',
  kind: 'private',
  stations: [station],
  today: d('2026-11-23'),
  stationOwners: {},
};
const registered: ProviderEvent[] = spec.given([]).when(register).events();

describe('providers', () => {
  it('registers a provider with a valid business ID and its stations', () => {
    expect(registered).toEqual([
      {
        type: 'ProviderRegistered',
        data: {
          providerId: 'mehilainen',
          businessId: '1927400-1',
          name: 'Mehiläinen Oy',
          kind: 'private',
          stations: [station],
          registeredOn: '2026-11-23',
        },
      },
    ]);
  });

  it('rejects a business ID whose check digit is wrong, and bad stations, field by field', () => {
    spec
      .given([])
      .when({ ...register, businessId: '1927400-2' } as ProviderCommand)
      .thenFails('INVALID_BUSINESS_ID');
    spec
      .given([])
      .when({ ...register, stations: [{ ...station, postalCode: '3372', languages: [] }] } as ProviderCommand)
      .thenFails('INVALID_STATIONS', {
        problems: ['stations[0].postalCode must be five digits', 'stations[0].languages must be some of fi, sv, en'],
      });
    spec
      .given([])
      .when({ ...register, stations: [station, station] } as ProviderCommand)
      .thenFails('INVALID_STATIONS');
  });

  it('is idempotent for the same registration and refuses a different one under the same id', () => {
    spec.given(registered).when(register).then([]);
    spec
      .given(registered)
      .when({ ...register, name: 'Other Oy' } as ProviderCommand)
      .thenFails('PROVIDER_EXISTS');
  });

  it('is approved, suspended and terminated from dates; the status on a date follows them', () => {
    const approve = spec
      .given(registered)
      .when({ type: 'ApproveProvider', providerId: 'mehilainen', from: d('2027-01-01'), decidedBy: 'county' })
      .events();
    const suspend = spec
      .given([...registered, ...approve])
      .when({ type: 'SuspendProvider', providerId: 'mehilainen', from: d('2027-03-01'), reason: 'audit', decidedBy: 'county' })
      .events();
    const state = [...registered, ...approve, ...suspend].reduce(providerDecider.evolve, providerDecider.initialState());
    expect(statusOn(state.timeline, d('2026-12-31'))).toBe('registered');
    expect(isApprovedOn(state.timeline, d('2027-01-01'))).toBe(true);
    expect(isApprovedOn(state.timeline, d('2027-02-28'))).toBe(true);
    expect(statusOn(state.timeline, d('2027-03-01'))).toBe('suspended');
  });

  it('terminates with clients returning from the first day of the next month, and then refuses changes', () => {
    const terminate = spec
      .given(registered)
      .when({ type: 'TerminateProvider', providerId: 'mehilainen', from: d('2027-03-15'), reason: 'contract ended', decidedBy: 'county' })
      .events();
    expect(terminate[0]).toMatchObject({ data: { terminatedFrom: '2027-03-15', clientsReturnFrom: '2027-04-01' } });
    spec
      .given([...registered, ...terminate])
      .when({ type: 'ApproveProvider', providerId: 'mehilainen', from: d('2027-05-01'), decidedBy: 'county' })
      .thenFails('PROVIDER_TERMINATED', { terminatedFrom: '2027-03-15' });
  });

  it('cannot remove a station (its residents are listed there)', () => {
    spec
      .given(registered)
      .when({
        type: 'UpdateProvider',
        providerId: 'mehilainen',
        name: 'Mehiläinen Oy',
        stations: [{ ...station, stationId: 'other' }],
        stationOwners: {},
      })
      .thenFails('STATION_REMOVAL_NOT_ALLOWED', { stationIds: ['mehilainen-hervanta'] });
  });

  it('refuses commands for an unknown provider', () => {
    spec
      .given([])
      .when({ type: 'ApproveProvider', providerId: 'x', from: d('2027-01-01'), decidedBy: 'county' })
      .thenFails('PROVIDER_NOT_FOUND');
  });

  it('refuses a station id another provider holds, on registration and on update (STATION_TAKEN)', () => {
    spec
      .given([])
      .when({ ...register, stationOwners: { 'mehilainen-hervanta': 'pihlajalinna' } } as ProviderCommand)
      .thenFails('STATION_TAKEN', { stationId: 'mehilainen-hervanta' });
    spec
      .given([])
      .when({ ...register, stationOwners: { 'mehilainen-hervanta': 'mehilainen' } } as ProviderCommand)
      .then(registered);
    const added = { ...station, stationId: 'mehilainen-kauppi' };
    spec
      .given(registered)
      .when({
        type: 'UpdateProvider',
        providerId: 'mehilainen',
        name: 'Mehiläinen Oy',
        stations: [station, added],
        stationOwners: { 'mehilainen-kauppi': 'terveystalo' },
      })
      .thenFails('STATION_TAKEN', { stationId: 'mehilainen-kauppi' });
  });

  it('refuses an identity code in names, ids and reasons, naming only the field', () => {
    const code = '131052-308T';
    spec
      .given([])
      .when({ ...register, name: `Oy ${code}` } as ProviderCommand)
      .thenFails('IDENTITY_CODE_NOT_ALLOWED', { field: 'name' });
    spec
      .given([])
      .when({ ...register, providerId: `p${code}`.toLowerCase() } as ProviderCommand)
      .thenFails('IDENTITY_CODE_NOT_ALLOWED', { field: 'providerId' });
    spec
      .given([])
      .when({ ...register, stations: [{ ...station, accessibility: `ask ${code}` }] } as ProviderCommand)
      .thenFails('IDENTITY_CODE_NOT_ALLOWED', { field: 'stations[0].accessibility' });
    spec
      .given(registered)
      .when({
        type: 'SuspendProvider',
        providerId: 'mehilainen',
        from: d('2027-03-01'),
        reason: `complaint by ${code}`,
        decidedBy: 'county',
      })
      .thenFails('IDENTITY_CODE_NOT_ALLOWED', { field: 'reason' });
    spec
      .given(registered)
      .when({ type: 'TerminateProvider', providerId: 'mehilainen', from: d('2027-03-01'), reason: `x ${code}`, decidedBy: 'county' })
      .thenFails('IDENTITY_CODE_NOT_ALLOWED', { field: 'reason' });
    try {
      providerDecider.decide({ ...register, name: code } as ProviderCommand, providerDecider.initialState());
    } catch (error) {
      expect(JSON.stringify(error)).not.toContain('131052');
    }
  });

  it("records once that a terminated provider's clients were returned", () => {
    const terminate = spec
      .given(registered)
      .when({ type: 'TerminateProvider', providerId: 'mehilainen', from: d('2027-03-15'), reason: 'contract ended', decidedBy: 'county' })
      .events();
    spec
      .given(registered)
      .when({ type: 'RecordClientsReturned', providerId: 'mehilainen', clients: 2 })
      .thenFails('PROVIDER_NOT_TERMINATED');
    const returned = spec
      .given([...registered, ...terminate])
      .when({ type: 'RecordClientsReturned', providerId: 'mehilainen', clients: 2 })
      .events();
    expect(returned).toEqual([
      { type: 'ProviderClientsReturned', data: { providerId: 'mehilainen', clientsReturnFrom: '2027-04-01', clients: 2 } },
    ]);
    spec
      .given([...registered, ...terminate, ...returned])
      .when({ type: 'RecordClientsReturned', providerId: 'mehilainen', clients: 0 })
      .then([]);
  });
});
