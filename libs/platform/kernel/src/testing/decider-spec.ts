/// <reference types="jest" />
import { foldEvents, type Decider } from '../decider';
import { isDomainError } from '../errors';

/**
 * given(past events).when(command).then(new events) — decider tests that read like the rules.
 * Uses jest's global expect, so it belongs in spec files only; the kernel's runtime code never
 * calls it.
 */
export function deciderSpec<C, E, S>(decider: Decider<C, E, S>) {
  return {
    given(events: readonly E[]) {
      const state = foldEvents(decider, events);
      return {
        when(command: C) {
          const run = () => decider.decide(command, state);
          return {
            then(expected: readonly E[]): void {
              expect(run()).toEqual(expected);
            },
            /** The command is refused with this code (and details containing the given subset). */
            thenFails(code: string, details?: Record<string, unknown>): void {
              let outcome: unknown;
              try {
                outcome = { returned: run() };
              } catch (error) {
                outcome = error;
              }
              if (!isDomainError(outcome))
                throw new Error(
                  `expected DomainError ${code}, but the decider ${outcome instanceof Error ? `threw ${outcome.name}: ${outcome.message}` : `returned ${JSON.stringify((outcome as { returned: unknown }).returned)}`}`,
                );
              expect({ code: outcome.code }).toEqual({ code });
              if (details) expect(outcome.details).toMatchObject(details);
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
