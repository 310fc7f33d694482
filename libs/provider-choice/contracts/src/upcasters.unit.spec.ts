import { areaDecider, type AreaEvent } from '@luotsi/provider-choice-domain';
import { storedSchemaVersion, upcastStored } from './upcasters';

describe('upcasting stored events', () => {
  const v1 = { type: 'ChoiceAreaConfigured', schemaVersion: 1, data: { postalCodes: { '33710': { defaultStationId: 'hervanta' }, '33530': { defaultStationId: 'kaukajarvi' } }, switchPeriodMonths: 3, configuredBy: 'county:anna' } };

  it('reads a version 1 ChoiceAreaConfigured in the version 2 shape, and the area decider folds it', () => {
    const event = upcastStored(v1) as AreaEvent;
    expect(event).toEqual({ type: 'ChoiceAreaConfigured', data: { postalCodes: [{ postalCode: '33530', defaultStationId: 'kaukajarvi' }, { postalCode: '33710', defaultStationId: 'hervanta' }], switchPeriodMonths: 3, configuredBy: 'county:anna' } });
    expect(areaDecider.evolve(areaDecider.initialState(), event).area).toEqual({ postalCodes: v1.data.postalCodes, switchPeriodMonths: 3 });
  });

  it('leaves events at today\'s version alone', () => {
    expect(storedSchemaVersion('ChoiceAreaConfigured')).toBe(2);
    expect(storedSchemaVersion('ListingStarted')).toBe(1);
    const v2 = { type: 'ChoiceAreaConfigured', schemaVersion: 2, data: { postalCodes: [{ postalCode: '33710', defaultStationId: 'hervanta' }], switchPeriodMonths: 3, configuredBy: 'county:anna' } };
    expect(upcastStored(v2)).toEqual({ type: v2.type, data: v2.data });
    const listing = { type: 'ResidentDied', schemaVersion: 1, data: { personRef: 'per_x', diedOn: '2026-01-01' } };
    expect(upcastStored(listing).data).toBe(listing.data);
  });
});
