/**
 * The shape of every context's domain logic: decide() turns a command and the current state into
 * new events (or throws a DomainError, writing nothing); evolve() folds an event into the state.
 * Both are pure: time and ids arrive inside the command.
 */
export interface Decider<C, E, S> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState(): S;
}

export function foldEvents<E, S>(decider: Pick<Decider<unknown, E, S>, 'evolve' | 'initialState'>, events: readonly E[]): S {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState());
}

export function assertNever(x: never): never {
  throw new Error(`unexpected variant: ${JSON.stringify(x)}`);
}
