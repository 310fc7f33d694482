import { decideAll } from '@luotsi/kernel';
import { listingDecider, type ListingCommand } from './listing-decider';
import { area, d, hervanta, person } from './test-fixtures';

describe("a new person's register rows, decided in memory (the import's decide-many)", () => {
  it('folds each accepted row into the next, keeps a refused row as its error and goes on from before it', () => {
    const register: ListingCommand = {
      type: 'RegisterResident',
      personRef: person,
      birthDate: d('1950-03-15'),
      sex: 'female',
      postalCode: '33710',
      municipalityCode: '837',
      residentFrom: d('2018-01-01'),
      area,
      defaultStation: hervanta,
    };
    const move: ListingCommand = {
      type: 'MoveResident',
      personRef: person,
      movedOn: d('2020-05-10'),
      postalCode: '00100',
      municipalityCode: '091',
      area,
      defaultStation: null,
    };
    const die: ListingCommand = { type: 'RecordDeath', personRef: person, diedOn: d('2022-01-02') };
    const { results, events, state } = decideAll(listingDecider, listingDecider.initialState(), [move, register, register, move, die]);
    expect(results.map((r) => (r.ok ? r.events.map((e) => e.type) : 'error'))).toEqual([
      'error',
      ['ResidentRegistered', 'ListingStarted'],
      [],
      ['ResidentMoved', 'ListingEnded'],
      ['ResidentDied'],
    ]);
    expect(events).toHaveLength(5);
    expect(state.diedOn).toBe('2022-01-02');
    const oneByOne = [register, register, move, die].reduce(
      (s, c) => listingDecider.decide(c, s).reduce(listingDecider.evolve, s),
      listingDecider.initialState(),
    );
    expect(state).toEqual(oneByOne);
  });
});
