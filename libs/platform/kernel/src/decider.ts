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
