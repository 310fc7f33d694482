/** The only source of "now": injected everywhere, so domain code and tests control time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

function epochMs(instant: Date | string): number {
  const ms = new Date(instant).getTime();
  // An Invalid Date would surface far away as 'NaN-NaN-NaN'; fail where the clock is set.
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${String(instant)}`);
  return ms;
}

/** A clock for tests and replays: stands still until it is set or advanced. */
export class FixedClock implements Clock {
  private instant: number;

  constructor(instant: Date | string) {
    this.instant = epochMs(instant);
  }

  /** A fresh Date each call, so a caller mutating it cannot move the clock. */
  now(): Date {
    return new Date(this.instant);
  }

  set(instant: Date | string): void {
    this.instant = epochMs(instant);
  }

  advance(ms: number): void {
    this.instant += ms;
  }
}

/** DI token for the NestJS layer; Symbol.for so that two copies of the kernel agree on it. */
export const CLOCK = Symbol.for('luotsi.clock');
