import fc from 'fast-check';
import { LocalDate } from './local-date';
import { YearMonth } from './year-month';

const d = LocalDate.parse;
const dates = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }).map((x) => x.toISOString().slice(0, 10) as LocalDate);

describe('LocalDate', () => {
  it('knows the calendar', () => {
    expect(LocalDate.isValid('2024-02-29')).toBe(true);
    expect(LocalDate.isValid('2023-02-29')).toBe(false);
    expect(LocalDate.isValid('1900-02-29')).toBe(false);
    expect(LocalDate.isValid('2000-02-29')).toBe(true);
    expect(LocalDate.isValid('2026-13-01')).toBe(false);
    expect(LocalDate.isValid('2026-1-01')).toBe(false);
    expect(() => d('2026-02-30')).toThrow(expect.objectContaining({ code: 'INVALID_DATE', kind: 'validation' }));
  });

  it('moves by months, clamping to the month end', () => {
    expect(LocalDate.firstOfNextMonth(d('2025-12-15'))).toBe('2026-01-01');
    expect(LocalDate.addMonths(d('2024-01-31'), 1)).toBe('2024-02-29');
    expect(LocalDate.addMonths(d('2023-01-31'), 1)).toBe('2023-02-28');
    expect(LocalDate.addMonths(d('2027-02-01'), 3)).toBe('2027-05-01');
    expect(LocalDate.addMonths(d('2026-11-30'), -12)).toBe('2025-11-30');
    expect(LocalDate.endOfMonth(d('2028-02-03'))).toBe('2028-02-29');
    expect(LocalDate.addDays(d('2026-12-31'), 1)).toBe('2027-01-01');
  });

  it('counts whole months and completed years', () => {
    expect(LocalDate.wholeMonthsBetween(d('2027-02-01'), d('2027-05-01'))).toBe(3);
    expect(LocalDate.wholeMonthsBetween(d('2027-02-01'), d('2027-04-30'))).toBe(2);
    expect(LocalDate.ageOn(d('1950-03-15'), d('2026-03-15'))).toBe(76);
    expect(LocalDate.ageOn(d('1950-03-15'), d('2026-03-14'))).toBe(75);
    expect(LocalDate.ageOn(d('2020-02-29'), d('2027-02-28'))).toBe(6);
    expect(LocalDate.ageOn(d('2020-02-29'), d('2027-03-01'))).toBe(7);
    expect(LocalDate.ageOn(d('2020-02-29'), d('2028-02-29'))).toBe(8);
  });

  it('takes the Helsinki date of an instant, DST included', () => {
    expect(LocalDate.ofInstant(new Date('2025-03-31T21:30:00Z'))).toBe('2025-04-01'); // summer, UTC+3
    expect(LocalDate.ofInstant(new Date('2025-01-31T21:59:59Z'))).toBe('2025-01-31'); // winter, UTC+2
    expect(LocalDate.ofInstant(new Date('2025-01-31T22:00:00Z'))).toBe('2025-02-01');
    expect(LocalDate.ofInstant(new Date('2025-03-30T00:59:59Z'))).toBe('2025-03-30'); // spring forward at 01:00Z
    expect(LocalDate.ofInstant(new Date('2025-10-25T20:59:59Z'))).toBe('2025-10-25'); // still UTC+3
    expect(LocalDate.ofInstant(new Date('2025-10-25T21:00:00Z'))).toBe('2025-10-26');
    expect(LocalDate.ofInstant(new Date('2025-10-26T21:59:59Z'))).toBe('2025-10-26'); // back to UTC+2
    expect(LocalDate.startOfDayInstant(d('2025-10-26')).toISOString()).toBe('2025-10-25T21:00:00.000Z');
    expect(LocalDate.startOfDayInstant(d('2025-10-27')).toISOString()).toBe('2025-10-26T22:00:00.000Z');
  });

  describe('properties', () => {
    it('parses what it prints', () => fc.assert(fc.property(dates, (x) => d(x) === x)));
    it('the first of the next month is day 1, after the date, in the next month', () =>
      fc.assert(fc.property(dates, (x) => {
        const n = LocalDate.firstOfNextMonth(x);
        return LocalDate.parts(n).day === 1 && n > x && YearMonth.ofDate(n) === YearMonth.next(YearMonth.ofDate(x));
      })));
    it('adding months to a month start composes', () =>
      fc.assert(fc.property(dates, fc.integer({ min: -60, max: 60 }), fc.integer({ min: -60, max: 60 }), (x, a, b) => {
        const start = LocalDate.firstOfMonth(x);
        return LocalDate.addMonths(LocalDate.addMonths(start, a), b) === LocalDate.addMonths(start, a + b);
      })));
    it('whole months between a date and n months later is n (days ≤ 28)', () =>
      fc.assert(fc.property(dates.filter((x) => LocalDate.parts(x).day <= 28), fc.integer({ min: 0, max: 120 }), (x, n) => LocalDate.wholeMonthsBetween(x, LocalDate.addMonths(x, n)) === n)));
    it('the start of a Helsinki day maps back to that day', () => fc.assert(fc.property(dates, (x) => LocalDate.ofInstant(LocalDate.startOfDayInstant(x)) === x)));
    it('an instant one millisecond before a day starts is the previous day', () =>
      fc.assert(fc.property(dates, (x) => LocalDate.ofInstant(new Date(LocalDate.startOfDayInstant(x).getTime() - 1)) === LocalDate.addDays(x, -1))));
    it('compare agrees with the string order', () => fc.assert(fc.property(dates, dates, (a, b) => LocalDate.compare(a, b) === (a < b ? -1 : a > b ? 1 : 0))));
    it('month arithmetic inverts', () =>
      fc.assert(fc.property(dates, fc.integer({ min: -500, max: 500 }), (x, n) => {
        const m = YearMonth.ofDate(x);
        return YearMonth.monthsBetween(m, YearMonth.plus(m, n)) === n;
      })));
  });
});
