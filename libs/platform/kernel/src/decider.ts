/**
 * The shape of every context's domain logic: decide() turns a command and the current state into
 * new events (or throws a DomainError, writing nothing; [] means "nothing to do"); evolve() folds
 * an event into the state. Both are pure: time and ids arrive inside the command.
 */
export interface Decider<C, E, S> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState(): S;
}

export function foldEvents<E, S>(decider: Pick<Decider<unknown, E, S>, 'evolve' | 'initialState'>, events: readonly E[]): S {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState());
}

/**
 * Ends an exhaustive switch: the compiler rejects a forgotten variant, and at run time (a newer
 * event from another service) this throws. Only the discriminator goes into the message, because
 * a command or event may carry personal data that must not reach the logs.
 */
export function assertNever(x: never): never {
  const tag = typeof x === 'object' && x !== null && 'type' in x ? String((x as { type: unknown }).type) : typeof x;
  throw new Error(`unexpected variant: ${tag}`);
}

/** What one command of a decideAll came to: its events (possibly none), or the error that refused it. */
export type DecidedCommand<E> = { ok: true; events: E[] } | { ok: false; error: unknown };

/**
 * Decides commands one after another against one stream's state, in memory: each sees the events of
 * the ones accepted before it, a refused one is that command's error and the next goes on from the
 * state before it — exactly as the commands would run one by one, without a round trip each (the
 * population import decides a new person's rows this way).
 */
export function decideAll<C, E, S>(
  decider: Decider<C, E, S>,
  state: S,
  commands: readonly C[],
): { state: S; events: E[]; results: DecidedCommand<E>[] } {
  const events: E[] = [];
  const results = commands.map((command): DecidedCommand<E> => {
    try {
      const decided = decider.decide(command, state);
      state = decided.reduce(decider.evolve, state);
      events.push(...decided);
      return { ok: true, events: decided };
    } catch (error) {
      return { ok: false, error };
    }
  });
  return { state, events, results };
}
