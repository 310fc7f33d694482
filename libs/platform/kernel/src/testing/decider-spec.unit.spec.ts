import * as kernel from '../index';
import type { Decider } from '../decider';
import { DomainError } from '../errors';
import { deciderSpec } from './decider-spec';
import * as testing from './index';

type Counted = { type: 'Counted'; by: number };
type Add = { add: number };
const counter: Decider<Add, Counted, number> = {
  initialState: () => 0,
  evolve: (s, e) => s + e.by,
  decide: (c, s) => {
    if (c.add < 0) throw new Error('a bug, not a refusal');
    if (s + c.add > 10) throw new DomainError('TOO_MANY', 'over ten', { max: 10, current: s });
    return c.add === 0 ? [] : [{ type: 'Counted', by: c.add }];
  },
};

describe('deciderSpec', () => {
  const spec = deciderSpec(counter);

  it('then passes when the new events match, the past included in the state', () => {
    spec
      .given([{ type: 'Counted', by: 4 }])
      .when({ add: 2 })
      .then([{ type: 'Counted', by: 2 }]);
    spec
      .given([{ type: 'Counted', by: 4 }])
      .when({ add: 0 })
      .then([]);
  });

  it('then fails when the events differ or the command is refused', () => {
    expect(() =>
      spec
        .given([])
        .when({ add: 2 })
        .then([{ type: 'Counted', by: 3 }]),
    ).toThrow();
    expect(() => spec.given([]).when({ add: 2 }).then([])).toThrow();
    expect(() =>
      spec
        .given([{ type: 'Counted', by: 9 }])
        .when({ add: 2 })
        .then([]),
    ).toThrow('over ten');
  });

  it('thenFails passes on the expected code and a subset of the details', () => {
    spec
      .given([{ type: 'Counted', by: 9 }])
      .when({ add: 2 })
      .thenFails('TOO_MANY');
    spec
      .given([{ type: 'Counted', by: 9 }])
      .when({ add: 2 })
      .thenFails('TOO_MANY', { current: 9 });
  });

  it('thenFails fails when the command succeeds, is refused otherwise, or the decider has a bug', () => {
    expect(() => spec.given([]).when({ add: 2 }).thenFails('TOO_MANY')).toThrow(/returned \[\{"type":"Counted","by":2\}\]/);
    expect(() => spec.given([]).when({ add: 0 }).thenFails('TOO_MANY')).toThrow(/returned \[\]/);
    expect(() =>
      spec
        .given([{ type: 'Counted', by: 9 }])
        .when({ add: 2 })
        .thenFails('OTHER'),
    ).toThrow(/OTHER/);
    expect(() =>
      spec
        .given([{ type: 'Counted', by: 9 }])
        .when({ add: 2 })
        .thenFails('TOO_MANY', { current: 8 }),
    ).toThrow();
    expect(() => spec.given([]).when({ add: -1 }).thenFails('TOO_MANY')).toThrow(/a bug, not a refusal/);
  });

  it('hands out the events for finer assertions', () => {
    expect(spec.given([]).when({ add: 3 }).events()).toEqual([{ type: 'Counted', by: 3 }]);
  });

  it('is exported from the kernel and from its testing entry', () => {
    expect(kernel.deciderSpec).toBe(deciderSpec);
    expect(testing.deciderSpec).toBe(deciderSpec);
  });
});
