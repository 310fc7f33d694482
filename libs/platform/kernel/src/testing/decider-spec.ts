import type { Decider } from '../decider';
import { DomainError } from '../errors';

/**
 * given(past events).when(command).then(new events) — decider tests that read like the rules.
 * Uses jest's global expect, so it is only for spec files.
 */
export function deciderSpec<C, E, S>(decider: Decider<C, E, S>) {
  return {
    given(events: readonly E[]) {
      const state = events.reduce((s, e) => decider.evolve(s, e), decider.initialState());
      return {
        when(command: C) {
          const run = () => decider.decide(command, state);
          return {
            then(expected: readonly E[]) {
              expect(run()).toEqual(expected);
            },
            thenFails(code: string, details?: Record<string, unknown>) {
              let caught: unknown;
              try {
                run();
              } catch (error) {
                caught = error;
              }
              expect(caught).toBeInstanceOf(DomainError);
              expect((caught as DomainError).code).toBe(code);
              if (details) expect((caught as DomainError).details).toMatchObject(details);
            },
            /** For assertions beyond equality (e.g. only some fields of the events). */
            events(): E[] {
              return run();
            },
          };
        },
      };
    },
  };
}
