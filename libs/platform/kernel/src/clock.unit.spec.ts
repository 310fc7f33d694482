import { CLOCK, FixedClock, systemClock } from './clock';
import { LocalDate } from './local-date';

describe('clocks', () => {
  it('a fixed clock stands still until set or advanced', () => {
    const clock = new FixedClock('2026-11-23T10:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-11-23T10:00:00.000Z');
    clock.advance(90_000);
    expect(clock.now().toISOString()).toBe('2026-11-23T10:01:30.000Z');
    clock.set(new Date('2027-01-01T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('hands out copies, so a caller cannot move it', () => {
    const clock = new FixedClock('2026-11-23T10:00:00Z');
    clock.now().setUTCFullYear(1999);
    expect(clock.now().toISOString()).toBe('2026-11-23T10:00:00.000Z');
  });

  it('refuses an instant that is not one', () => {
    expect(() => new FixedClock('tomorrow')).toThrow(RangeError);
    expect(() => new FixedClock('2026-11-23T10:00:00Z').set('soon')).toThrow(RangeError);
  });

  it('today is the Helsinki date of now', () => {
    expect(LocalDate.today(new FixedClock('2026-11-30T22:30:00Z'))).toBe('2026-12-01');
    expect(LocalDate.today(new FixedClock('2026-11-30T21:59:59Z'))).toBe('2026-11-30');
  });

  it('the system clock reads real time and the DI token is global', () => {
    const before = Date.now();
    expect(systemClock.now().getTime()).toBeGreaterThanOrEqual(before);
    expect(CLOCK).toBe(Symbol.for('luotsi.clock'));
  });
});
