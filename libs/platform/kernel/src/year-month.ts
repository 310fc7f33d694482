import { daysInMonth, fromMonthIndex, monthIndex } from './calendar';
import { DomainError } from './errors';
import { LocalDate } from './local-date';

/** A calendar month, 'YYYY-MM' (settlement periods, statistics); ordered as a string. */
export type YearMonth = string & { readonly __brand: 'YearMonth' };

const PATTERN = /^(\d{4})-(\d{2})$/;

const invalid = (message: string, details: Record<string, unknown>) => new DomainError('INVALID_MONTH', message, details, 'validation');

function isValid(s: string): boolean {
  const m = typeof s === 'string' ? PATTERN.exec(s) : null;
  return !!m && Number(m[1]) >= 1 && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

function parse(s: string): YearMonth {
  if (!isValid(s)) throw invalid(`expected a month as YYYY-MM, got ${JSON.stringify(s)}`, { value: s });
  return s as YearMonth;
}

function of(year: number, month: number): YearMonth {
  if (!Number.isInteger(year) || !Number.isInteger(month) || year < 1 || year > 9999 || month < 1 || month > 12)
    throw invalid(`not a month: ${year}-${month}`, { year, month });
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}` as YearMonth;
}

const parts = (m: YearMonth) => ({ year: Number(m.slice(0, 4)), month: Number(m.slice(5, 7)) });
const index = (m: YearMonth) => monthIndex(parts(m).year, parts(m).month);

function plus(m: YearMonth, n: number): YearMonth {
  if (!Number.isSafeInteger(n)) throw invalid(`months must be a whole number, got ${n}`, { months: n });
  const { year, month } = fromMonthIndex(index(m) + n);
  return of(year, month);
}

const daysIn = (m: YearMonth): number => daysInMonth(parts(m).year, parts(m).month);

export const YearMonth = {
  parse,
  isValid,
  of,
  ofDate: (d: LocalDate): YearMonth => d.slice(0, 7) as YearMonth,
  firstDay: (m: YearMonth): LocalDate => LocalDate.of(parts(m).year, parts(m).month, 1),
  lastDay: (m: YearMonth): LocalDate => LocalDate.of(parts(m).year, parts(m).month, daysIn(m)),
  next: (m: YearMonth): YearMonth => plus(m, 1),
  previous: (m: YearMonth): YearMonth => plus(m, -1),
  plus,
  compare: (a: YearMonth, b: YearMonth): -1 | 0 | 1 => (a < b ? -1 : a > b ? 1 : 0),
  monthsBetween: (a: YearMonth, b: YearMonth): number => index(b) - index(a),
  daysIn,
  parts,
};
