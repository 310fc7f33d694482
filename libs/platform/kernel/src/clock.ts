/** The only source of "now": injected everywhere, so domain code and tests control time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class FixedClock implements Clock {
  private instant: number;

  constructor(instant: Date | string) {
    this.instant = new Date(instant).getTime();
  }

  now(): Date {
    return new Date(this.instant);
  }

  set(instant: Date | string): void {
    this.instant = new Date(instant).getTime();
  }

  advance(ms: number): void {
    this.instant += ms;
  }
}

export const CLOCK = Symbol.for('luotsi.clock');
