import { PersonRef } from '@luotsi/kernel';
import { deciderSpec } from '@luotsi/kernel/testing';
import { d } from '../testing-fixtures';
import { observedDecider, observedStream, type ObserveCommand } from './observed-decider';

const spec = deciderSpec(observedDecider);
const person = PersonRef.fromUuid('0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11');
const started: ObserveCommand = {
  type: 'ObserveListingStarted',
  data: {
    personRef: person,
    providerId: 'mehilainen',
    stationId: 'mehilainen-hervanta',
    effectiveFrom: d('2027-02-01'),
    birthDate: d('1950-03-15'),
    sex: 'female',
    sourceEventId: 'e-1',
  },
};

describe('observing provider choice', () => {
  it('records a listing observed, once per public event however often it is delivered', () => {
    const events = spec.given([]).when(started).events();
    expect(events).toEqual([{ type: 'ListingObserved', data: { kind: 'started', ...started.data } }]);
    spec.given(events).when(started).then([]);
    expect(
      spec
        .given(events)
        .when({
          type: 'ObserveListingEnded',
          data: {
            personRef: person,
            providerId: 'mehilainen',
            stationId: 'mehilainen-hervanta',
            effectiveTo: d('2027-04-30'),
            sourceEventId: 'e-2',
          },
        })
        .events(),
    ).toMatchObject([{ data: { kind: 'ended' } }]);
  });

  it("records a provider's stations, each once", () => {
    spec
      .given([])
      .when({ type: 'ObserveProvider', data: { providerId: 'mehilainen', stationIds: ['a', 'b', 'a'], sourceEventId: 'e-3' } })
      .then([{ type: 'ProviderObserved', data: { providerId: 'mehilainen', stationIds: ['a', 'b'], sourceEventId: 'e-3' } }]);
  });

  it('keeps a stream per provider and per person', () => {
    expect(observedStream(started)).toBe(`blisting-${person}`);
    expect(observedStream({ type: 'ObserveProvider', data: { providerId: 'mehilainen', stationIds: [], sourceEventId: 'e' } })).toBe(
      'blprovider-mehilainen',
    );
  });
});
