import type { Clock } from './clock';
import { DomainError } from './errors';

/** A Europe/Helsinki business date, 'YYYY-MM-DD': JSON-friendly and ordered as a string. */
export type LocalDate = string & { readonly __brand: 'LocalDate' };

export const HELSINKI = 'Europe/Helsinki';

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function of(year: number, month: number, day: number): LocalDate {
  if (!Number.isInteger(year) || year < 1 || year > 9999 || !Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) {
    throw new DomainError('INVALID_DATE', `not a calendar date: ${year}-${month}-${day}`, { year, month, day }, 'validation');
  }
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}` as LocalDate;
}

function parts(d: LocalDate): { year: number; month: number; day: number } {
  const m = PATTERN.exec(d)!;
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

function isValid(s: string): boolean {
  const m = PATTERN.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function parse(s: string): LocalDate {
  if (typeof s !== 'string' || !isValid(s)) throw new DomainError('INVALID_DATE', `expected a date as YYYY-MM-DD, got ${JSON.stringify(s)}`, { value: s }, 'validation');
  return s as LocalDate;
}

const toEpochDay = (d: LocalDate) => {
  const { year, month, day } = parts(d);
  return Date.UTC(year, month - 1, day) / DAY_MS;
};

const fromEpochDay = (n: number): LocalDate => {
  const date = new Date(n * DAY_MS);
  return of(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
};

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, f);
  }
  return f;
}

function zonedParts(instant: Date, zone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(instant)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** The calendar date of an instant in a time zone (the tz database decides the offset, DST included). */
function ofInstant(instant: Date, zone = HELSINKI): LocalDate {
  const p = zonedParts(instant, zone);
  return of(p['year']!, p['month']!, p['day']!);
}

/** The instant a date begins in the zone: found by correcting a UTC guess with the zone's offset. */
function startOfDayInstant(d: LocalDate, zone = HELSINKI): Date {
  const { year, month, day } = parts(d);
  const target = Date.UTC(year, month - 1, day);
  let guess = target;
  for (let i = 0; i < 3; i++) {
    const p = zonedParts(new Date(guess), zone);
    const asUtc = Date.UTC(p['year']!, p['month']! - 1, p['day']!, p['hour']!, p['minute']!, p['second']!);
    guess -= asUtc - target;
  }
  return new Date(guess);
}

function addMonths(d: LocalDate, n: number): LocalDate {
  const { year, month, day } = parts(d);
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return of(y, m, Math.min(day, daysInMonth(y, m)));
}

function compare(a: LocalDate, b: LocalDate): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

function wholeMonthsBetween(a: LocalDate, b: LocalDate): number {
  const pa = parts(a);
  const pb = parts(b);
  let months = (pb.year - pa.year) * 12 + (pb.month - pa.month);
  if (months > 0 && addMonths(a, months) > b) months -= 1;
  if (months < 0 && addMonths(a, months) < b) months += 1;
  return months;
}

/**
 * Completed years on a date. Someone born on 29 February gets a year older on 1 March in common
 * years (the birthday has not come while February lasts), as Finnish age reckoning does.
 */
function ageOn(birthDate: LocalDate, on: LocalDate): number {
  const b = parts(birthDate);
  const o = parts(on);
  let age = o.year - b.year;
  if (o.month < b.month || (o.month === b.month && o.day < b.day)) age -= 1;
  return age;
}

export const LocalDate = {
  parse,
  isValid,
  of,
  ofInstant,
  today: (clock: Clock): LocalDate => ofInstant(clock.now()),
  parts,
  addDays: (d: LocalDate, n: number): LocalDate => fromEpochDay(toEpochDay(d) + n),
  addMonths,
  firstOfMonth: (d: LocalDate): LocalDate => of(parts(d).year, parts(d).month, 1),
  firstOfNextMonth: (d: LocalDate): LocalDate => addMonths(of(parts(d).year, parts(d).month, 1), 1),
  endOfMonth: (d: LocalDate): LocalDate => of(parts(d).year, parts(d).month, daysInMonth(parts(d).year, parts(d).month)),
  compare,
  isBefore: (a: LocalDate, b: LocalDate) => a < b,
  isAfter: (a: LocalDate, b: LocalDate) => a > b,
  min: (a: LocalDate, b: LocalDate): LocalDate => (a <= b ? a : b),
  max: (a: LocalDate, b: LocalDate): LocalDate => (a >= b ? a : b),
  daysBetween: (a: LocalDate, b: LocalDate): number => toEpochDay(b) - toEpochDay(a),
  wholeMonthsBetween,
  ageOn,
  startOfDayInstant,
};
