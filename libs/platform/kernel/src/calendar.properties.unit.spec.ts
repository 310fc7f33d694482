import fc from 'fast-check';
import { daysInMonth } from './calendar';
import { LocalDate } from './local-date';
import { YearMonth } from './year-month';

// Day up to 31 clamped to the month's length: month ends (where clamping bugs live) come up often.
const dateIn = (minYear: number, maxYear: number) =>
  fc
    .tuple(fc.integer({ min: minYear, max: maxYear }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }))
    .map(([y, mo, day]) => LocalDate.of(y, mo, Math.min(day, daysInMonth(y, mo))));
const anyDate = dateIn(1, 9999);
const modernDate = dateIn(1900, 2200); // where the tz database has real Helsinki rules
const months = fc.integer({ min: -240, max: 240 });

describe('calendar properties', () => {
  it('parse refuses every date outside 1800–2199, the rest of the calendar included', () =>
    fc.assert(
      fc.property(anyDate, (x) => {
        const year = LocalDate.parts(x).year;
        if (year >= 1800 && year <= 2199) return LocalDate.parse(x) === x;
        try {
          LocalDate.parse(x);
          return false;
        } catch (e) {
          return (e as { code?: string }).code === 'DATE_OUT_OF_RANGE';
        }
      }),
    ));

  it('parse accepts exactly what it prints', () =>
    fc.assert(
      fc.property(
        dateIn(1800, 2199),
        (x) => LocalDate.parse(x) === x && LocalDate.of(LocalDate.parts(x).year, LocalDate.parts(x).month, LocalDate.parts(x).day) === x,
      ),
    ));

  it('the first of the next month is day 1, after the date, in the next month', () =>
    fc.assert(
      fc.property(dateIn(1, 9998), (x) => {
        const n = LocalDate.firstOfNextMonth(x);
        return (
          LocalDate.parts(n).day === 1 &&
          LocalDate.isAfter(n, x) &&
          YearMonth.ofDate(n) === YearMonth.next(YearMonth.ofDate(x)) &&
          LocalDate.addDays(LocalDate.endOfMonth(x), 1) === n
        );
      }),
    ));

  it('adding months to a month start composes', () =>
    fc.assert(
      fc.property(dateIn(100, 9900), months, months, (x, a, b) => {
        const start = LocalDate.firstOfMonth(x);
        return LocalDate.addMonths(LocalDate.addMonths(start, a), b) === LocalDate.addMonths(start, a + b);
      }),
    ));

  it('whole months between a date (day ≤ 28) and n months later is n', () =>
    fc.assert(
      fc.property(
        dateIn(100, 9900).filter((x) => LocalDate.parts(x).day <= 28),
        months,
        (x, n) => LocalDate.wholeMonthsBetween(x, LocalDate.addMonths(x, n)) === n,
      ),
    ));

  it('whole months between is the most m with addMonths(a, m) <= b', () =>
    fc.assert(
      fc.property(modernDate, modernDate, (p, q) => {
        const [a, b] = p <= q ? [p, q] : [q, p];
        const m = LocalDate.wholeMonthsBetween(a, b);
        return m >= 0 && LocalDate.addMonths(a, m) <= b && LocalDate.addMonths(a, m + 1) > b;
      }),
    ));

  it('adding days and counting them are inverse', () =>
    fc.assert(
      fc.property(
        dateIn(100, 9900),
        fc.integer({ min: -20_000, max: 20_000 }),
        (x, n) => LocalDate.daysBetween(x, LocalDate.addDays(x, n)) === n,
      ),
    ));

  it('compare agrees with the string order', () =>
    fc.assert(
      fc.property(
        anyDate,
        anyDate,
        (a, b) => LocalDate.compare(a, b) === (a < b ? -1 : a > b ? 1 : 0) && LocalDate.isBefore(a, b) === a < b,
      ),
    ));

  it('the start of a Helsinki day maps back to that day, and a millisecond earlier is the day before', () =>
    fc.assert(
      fc.property(modernDate, (x) => {
        const start = LocalDate.startOfDayInstant(x).getTime();
        return LocalDate.ofInstant(new Date(start)) === x && LocalDate.ofInstant(new Date(start - 1)) === LocalDate.addDays(x, -1);
      }),
    ));

  it('YearMonth.plus and monthsBetween are inverse', () =>
    fc.assert(
      fc.property(dateIn(100, 9900), fc.integer({ min: -1000, max: 1000 }), (x, n) => {
        const m = YearMonth.ofDate(x);
        return YearMonth.monthsBetween(m, YearMonth.plus(m, n)) === n && YearMonth.plus(YearMonth.plus(m, n), -n) === m;
      }),
    ));

  it('ageOn counts n on the n-th anniversary and n − 1 the day before (not 29 Feb)', () =>
    fc.assert(
      fc.property(
        dateIn(1900, 2100).filter((x) => !x.endsWith('-02-29')),
        fc.integer({ min: 1, max: 110 }),
        (birth, n) => {
          const anniversary = LocalDate.addMonths(birth, 12 * n);
          return LocalDate.ageOn(birth, anniversary) === n && LocalDate.ageOn(birth, LocalDate.addDays(anniversary, -1)) === n - 1;
        },
      ),
    ));
});
