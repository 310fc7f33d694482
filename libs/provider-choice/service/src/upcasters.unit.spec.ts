import { UpcasterChain, type RecordedEvent } from '@luotsi/eventstore';
import { areaDecider, type AreaEvent } from '@luotsi/provider-choice-domain';
import { providerChoiceContext } from './provider-choice.context';
import { areaStreams } from './provider-choice.streams';

describe('upcasting stored events', () => {
  const chain = new UpcasterChain(providerChoiceContext.upcasters);
  const stored = (e: { type: string; schemaVersion: number; data: unknown }): RecordedEvent => ({
    ...e,
    eventId: 'e',
    streamId: 'area-county',
    revision: 0,
    globalPosition: 1,
    recordedAt: '2026-11-23T10:00:00.000Z',
    metadata: {},
  });
  const upcastStored = (e: { type: string; schemaVersion: number; data: unknown }) => {
    const { type, data } = chain.upcast(stored(e));
    return { type, data };
  };
  const storedSchemaVersion = (type: string) => areaStreams.schemaVersions?.[type] ?? 1;
  const v1 = {
    type: 'ChoiceAreaConfigured',
    schemaVersion: 1,
    data: {
      postalCodes: { '33710': { defaultStationId: 'hervanta' }, '33530': { defaultStationId: 'kaukajarvi' } },
      switchPeriodMonths: 3,
      configuredBy: 'county:anna',
    },
  };

  it('reads a version 1 ChoiceAreaConfigured in the version 2 shape, and the area decider folds it', () => {
    const event = upcastStored(v1) as AreaEvent;
    expect(event).toEqual({
      type: 'ChoiceAreaConfigured',
      data: {
        postalCodes: [
          { postalCode: '33530', defaultStationId: 'kaukajarvi' },
          { postalCode: '33710', defaultStationId: 'hervanta' },
        ],
        switchPeriodMonths: 3,
        configuredBy: 'county:anna',
      },
    });
    expect(areaDecider.evolve(areaDecider.initialState(), event).area).toEqual({ postalCodes: v1.data.postalCodes, switchPeriodMonths: 3 });
  });

  it("leaves events at today's version alone", () => {
    expect(storedSchemaVersion('ChoiceAreaConfigured')).toBe(2);
    expect(storedSchemaVersion('ListingStarted')).toBe(1);
    const v2 = {
      type: 'ChoiceAreaConfigured',
      schemaVersion: 2,
      data: { postalCodes: [{ postalCode: '33710', defaultStationId: 'hervanta' }], switchPeriodMonths: 3, configuredBy: 'county:anna' },
    };
    expect(upcastStored(v2)).toEqual({ type: v2.type, data: v2.data });
    const listing = { type: 'ResidentDied', schemaVersion: 1, data: { personRef: 'per_x', diedOn: '2026-01-01' } };
    expect(upcastStored(listing).data).toBe(listing.data);
  });
});
