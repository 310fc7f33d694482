import { daysInMonth, fromEpochDay, fromMonthIndex, isCalendarDate, monthIndex, toEpochDay, type YearMonthDay } from './calendar';
import type { Clock } from './clock';
import { DomainError } from './errors';
import { startOfDayIn, wallClock } from './zoned-time';

/** A Europe/Helsinki business date, 'YYYY-MM-DD': JSON-friendly and ordered as a string. */
export type LocalDate = string & { readonly __brand: 'LocalDate' };

export const HELSINKI = 'Europe/Helsinki';

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

const invalid = (message: string, details: Record<string, unknown>) => new DomainError('INVALID_DATE', message, details, 'validation');

function of(year: number, month: number, day: number): LocalDate {
  if (!isCalendarDate(year, month, day)) throw invalid(`not a calendar date: ${year}-${month}-${day}`, { year, month, day });
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as LocalDate;
}

const ofParts = (p: YearMonthDay): LocalDate => of(p.year, p.month, p.day);

function isValid(s: string): boolean {
  const m = typeof s === 'string' ? PATTERN.exec(s) : null;
  return !!m && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * The years a date from outside may fall in. Identity codes go back to 1800 (the '+' sign); nothing
 * Luotsi records lies beyond 2199. A year such as 0001 or 9999 is a typing or a probing mistake that
 * would otherwise become a rate valid for millennia or a service never settled.
 */
export const FIRST_YEAR = 1800;
export const LAST_YEAR = 2199;

function parse(s: string): LocalDate {
  // The message does not echo the value: a date field may have been sent an identity code (the
  // error filter masks details).
  if (!isValid(s)) throw invalid('expected a date as YYYY-MM-DD', { value: s });
  const year = Number(s.slice(0, 4));
  if (year < FIRST_YEAR || year > LAST_YEAR) {
    throw new DomainError(
      'DATE_OUT_OF_RANGE',
      `a date must lie in the years ${FIRST_YEAR}–${LAST_YEAR}`,
      { value: s, from: `${FIRST_YEAR}-01-01`, to: `${LAST_YEAR}-12-31` },
      'validation',
    );
  }
  return s as LocalDate;
}

/**
 * For a context's tighter range (a rate's validity, a service date): the date, or DATE_OUT_OF_RANGE
 * naming the field and the bounds (both inclusive).
 */
function requireBetween(date: LocalDate, from: LocalDate, to: LocalDate, field: string): LocalDate {
  if (date < from || date > to) {
    throw new DomainError(
      'DATE_OUT_OF_RANGE',
      `${field} must lie between ${from} and ${to}`,
      { field, value: date, earliest: from, latest: to },
      'validation',
    );
  }
  return date;
}

function parts(d: LocalDate): YearMonthDay {
  return { year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)), day: Number(d.slice(8, 10)) };
}

function wholeNumber(n: number, what: string): number {
  if (!Number.isSafeInteger(n)) throw invalid(`${what} must be a whole number, got ${n}`, { [what]: n });
  return n;
}

/** Keeps the day of month where it exists and clamps to the month's end where it does not. */
function addMonths(d: LocalDate, n: number): LocalDate {
  const { year, month, day } = parts(d);
  const target = fromMonthIndex(monthIndex(year, month) + wholeNumber(n, 'months'));
  return of(target.year, target.month, Math.min(day, daysInMonth(target.year, target.month)));
}

const addDays = (d: LocalDate, n: number): LocalDate => ofParts(fromEpochDay(toEpochDay(parts(d)) + wholeNumber(n, 'days')));

const compare = (a: LocalDate, b: LocalDate): -1 | 0 | 1 => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The largest m with addMonths(a, m) <= b when a <= b: "how many whole months have passed".
 * Because addMonths clamps, a month-end start counts a month as soon as the (shorter) target month
 * ends: 2024-01-31 → 2024-02-29 is 1, and 2024-01-31 → 2024-02-28 is 0.
 * When b is before a the answer is ≤ 0: minus the most months one can step back from a and stay
 * on or after b.
 */
function wholeMonthsBetween(a: LocalDate, b: LocalDate): number {
  const pa = parts(a);
  const pb = parts(b);
  let months = monthIndex(pb.year, pb.month) - monthIndex(pa.year, pa.month);
  if (months > 0 && addMonths(a, months) > b) months -= 1;
  if (months < 0 && addMonths(a, months) < b) months += 1;
  return months;
}

/**
 * Completed years on a date (negative before the birth). Someone born on 29 February turns a year
 * older on 1 March in common years: the birthday has not come while February lasts, which is how
 * Finnish age limits are reckoned.
 */
function ageOn(birthDate: LocalDate, on: LocalDate): number {
  const b = parts(birthDate);
  const o = parts(on);
  const hadBirthday = o.month > b.month || (o.month === b.month && o.day >= b.day);
  return o.year - b.year - (hadBirthday ? 0 : 1);
}

const ofInstant = (instant: Date, zone: string = HELSINKI): LocalDate => ofParts(wallClock(instant, zone));

export const LocalDate = {
  parse,
  requireBetween,
  isValid,
  of,
  ofInstant,
  today: (clock: Clock): LocalDate => ofInstant(clock.now()),
  parts,
  addDays,
  addMonths,
  firstOfMonth: (d: LocalDate): LocalDate => of(parts(d).year, parts(d).month, 1),
  firstOfNextMonth: (d: LocalDate): LocalDate => addMonths(of(parts(d).year, parts(d).month, 1), 1),
  endOfMonth: (d: LocalDate): LocalDate => of(parts(d).year, parts(d).month, daysInMonth(parts(d).year, parts(d).month)),
  compare,
  isBefore: (a: LocalDate, b: LocalDate): boolean => a < b,
  isAfter: (a: LocalDate, b: LocalDate): boolean => a > b,
  min: (a: LocalDate, b: LocalDate): LocalDate => (a <= b ? a : b),
  max: (a: LocalDate, b: LocalDate): LocalDate => (a >= b ? a : b),
  daysBetween: (a: LocalDate, b: LocalDate): number => toEpochDay(parts(b)) - toEpochDay(parts(a)),
  wholeMonthsBetween,
  ageOn,
  startOfDayInstant: (d: LocalDate, zone: string = HELSINKI): Date => startOfDayIn(parts(d), zone),
};
