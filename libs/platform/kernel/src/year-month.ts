import { DomainError } from './errors';
import { daysInMonth, LocalDate } from './local-date';

/** A calendar month, 'YYYY-MM' (settlement periods, statistics). */
export type YearMonth = string & { readonly __brand: 'YearMonth' };

const PATTERN = /^(\d{4})-(\d{2})$/;

function isValid(s: string): boolean {
  const m = PATTERN.exec(s);
  return !!m && Number(m[1]) >= 1 && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

function parse(s: string): YearMonth {
  if (typeof s !== 'string' || !isValid(s)) throw new DomainError('INVALID_MONTH', `expected a month as YYYY-MM, got ${JSON.stringify(s)}`, { value: s }, 'validation');
  return s as YearMonth;
}

const split = (m: YearMonth) => ({ year: Number(m.slice(0, 4)), month: Number(m.slice(5, 7)) });
const of = (year: number, month: number): YearMonth => parse(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`);
const index = (m: YearMonth) => split(m).year * 12 + split(m).month - 1;
const fromIndex = (i: number) => of(Math.floor(i / 12), (i % 12) + 1);

export const YearMonth = {
  parse,
  isValid,
  of,
  ofDate: (d: LocalDate): YearMonth => d.slice(0, 7) as YearMonth,
  firstDay: (m: YearMonth): LocalDate => LocalDate.of(split(m).year, split(m).month, 1),
  lastDay: (m: YearMonth): LocalDate => LocalDate.of(split(m).year, split(m).month, daysInMonth(split(m).year, split(m).month)),
  next: (m: YearMonth): YearMonth => fromIndex(index(m) + 1),
  previous: (m: YearMonth): YearMonth => fromIndex(index(m) - 1),
  plus: (m: YearMonth, n: number): YearMonth => fromIndex(index(m) + n),
  compare: (a: YearMonth, b: YearMonth): -1 | 0 | 1 => (a < b ? -1 : a > b ? 1 : 0),
  monthsBetween: (a: YearMonth, b: YearMonth): number => index(b) - index(a),
  daysIn: (m: YearMonth): number => daysInMonth(split(m).year, split(m).month),
  parts: split,
};
