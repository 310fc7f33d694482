import { LocalDate } from '@luotsi/kernel';

/**
 * Finnish public holidays of a year, computed (no table to keep up to date): the fixed dates, the
 * Easter-based ones, and the two that move to a Saturday — Midsummer Day (the Saturday of 20–26
 * June) and All Saints' Day (the Saturday of 31 October – 6 November). Midsummer Eve and Christmas
 * Eve are not public holidays in law but are days off in practice (offices and contact centres are
 * closed): they are included, marked `de-facto`, since a queue's hours follow them too.
 */
export interface Holiday {
  date: LocalDate;
  name: string;
  kind: 'public' | 'de-facto';
}

/** Easter Sunday (Gregorian), by the anonymous algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return LocalDate.of(year, month, day);
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: LocalDate): number {
  // 1970-01-01 was a Thursday (4).
  const days = LocalDate.daysBetween(LocalDate.of(1970, 1, 1), date);
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

/** The Saturday in [from, from + 6]. */
function saturdayFrom(from: LocalDate): LocalDate {
  return LocalDate.addDays(from, (6 - weekdayOf(from) + 7) % 7);
}

export function finnishHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const fixed = (month: number, day: number) => LocalDate.of(year, month, day);
  const midsummerDay = saturdayFrom(fixed(6, 20));
  const list: Holiday[] = [
    { date: fixed(1, 1), name: "New Year's Day", kind: 'public' },
    { date: fixed(1, 6), name: 'Epiphany', kind: 'public' },
    { date: LocalDate.addDays(easter, -2), name: 'Good Friday', kind: 'public' },
    { date: easter, name: 'Easter Sunday', kind: 'public' },
    { date: LocalDate.addDays(easter, 1), name: 'Easter Monday', kind: 'public' },
    { date: fixed(5, 1), name: 'May Day', kind: 'public' },
    { date: LocalDate.addDays(easter, 39), name: 'Ascension Day', kind: 'public' },
    { date: LocalDate.addDays(easter, 49), name: 'Whit Sunday', kind: 'public' },
    { date: LocalDate.addDays(midsummerDay, -1), name: 'Midsummer Eve', kind: 'de-facto' },
    { date: midsummerDay, name: 'Midsummer Day', kind: 'public' },
    { date: saturdayFrom(fixed(10, 31)), name: "All Saints' Day", kind: 'public' },
    { date: fixed(12, 6), name: 'Independence Day', kind: 'public' },
    { date: fixed(12, 24), name: 'Christmas Eve', kind: 'de-facto' },
    { date: fixed(12, 25), name: 'Christmas Day', kind: 'public' },
    { date: fixed(12, 26), name: "St Stephen's Day", kind: 'public' },
  ];
  return list.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}

const cache = new Map<number, ReadonlySet<string>>();

/** Whether a date is a (public or de-facto) holiday in Finland. */
export function isFinnishHoliday(date: LocalDate): boolean {
  const year = LocalDate.parts(date).year;
  let set = cache.get(year);
  if (!set) {
    set = new Set(finnishHolidays(year).map((h) => h.date));
    cache.set(year, set);
  }
  return set.has(date);
}
