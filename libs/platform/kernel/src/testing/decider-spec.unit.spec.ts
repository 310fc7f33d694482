import type { Decider } from '../decider';
import { DomainError } from '../errors';
import { deciderSpec } from './decider-spec';

type Counted = { type: 'Counted'; by: number };
const counter: Decider<{ add: number }, Counted, number> = {
  initialState: () => 0,
  evolve: (s, e) => s + e.by,
  decide: (c, s) => {
    if (s + c.add > 10) throw new DomainError('TOO_MANY', 'over ten', { max: 10 });
    return c.add === 0 ? [] : [{ type: 'Counted', by: c.add }];
  },
};

describe('deciderSpec', () => {
  const spec = deciderSpec(counter);
  it('passes when the decision matches and fails when it does not', () => {
    spec.given([{ type: 'Counted', by: 4 }]).when({ add: 2 }).then([{ type: 'Counted', by: 2 }]);
    expect(() => spec.given([]).when({ add: 2 }).then([{ type: 'Counted', by: 3 }])).toThrow();
  });
  it('checks refusals by code and details', () => {
    spec.given([{ type: 'Counted', by: 9 }]).when({ add: 2 }).thenFails('TOO_MANY', { max: 10 });
    expect(() => spec.given([]).when({ add: 2 }).thenFails('TOO_MANY')).toThrow();
    expect(() => spec.given([{ type: 'Counted', by: 9 }]).when({ add: 2 }).thenFails('OTHER')).toThrow();
  });
});
