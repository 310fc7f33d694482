import { assertNever, foldEvents } from './decider';

type Event = { type: 'Added'; n: number } | { type: 'Reset' };

const evolve = (s: number, e: Event): number => {
  switch (e.type) {
    case 'Added':
      return s + e.n;
    case 'Reset':
      return 0;
    default:
      return assertNever(e);
  }
};

describe('decider helpers', () => {
  it('folds events in order from the initial state', () => {
    const d = { initialState: () => 100, evolve };
    expect(foldEvents(d, [])).toBe(100);
    expect(foldEvents(d, [{ type: 'Added', n: 2 }, { type: 'Reset' }, { type: 'Added', n: 5 }])).toBe(5);
  });

  it('assertNever throws naming only the variant, not the payload', () => {
    const stranger = { type: 'Renamed', hetu: '131052-308T' } as unknown as Event;
    expect(() => evolve(0, stranger)).toThrow('unexpected variant: Renamed');
    expect(() => evolve(0, stranger)).not.toThrow(/308T/);
    expect(() => assertNever('x' as never)).toThrow('unexpected variant: string');
  });
});
