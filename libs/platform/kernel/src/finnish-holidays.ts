import { LocalDate } from './local-date';

/**
 * Finnish public holidays (computed for any year: no table to keep up to date; the church holidays of the Church Act and the secular ones of the Act on
 * holidays), computed for any year, plus the two eves on which offices and most service points close
 * by custom and collective agreements (Midsummer Eve, Christmas Eve): opening hours treat all of them
 * alike, and `kind` says which are eves.
 */
export interface FinnishHoliday {
  date: LocalDate;
  name: { fi: string; sv: string; en: string };
  kind: 'holiday' | 'eve';
}

/** Gregorian Easter Sunday (the anonymous Gregorian computus). */
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

/** 1 = Monday … 7 = Sunday (ISO), of a calendar date; Date is used only as a calendar here, never as a clock. */
export function isoWeekday(date: LocalDate): number {
  const { year, month, day } = LocalDate.parts(date);
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  return ((utc.getUTCDay() + 6) % 7) + 1;
}

/** The date in [from, from + 6] that falls on an ISO weekday: Midsummer Day is the Saturday of 20–26 June. */
function weekdayIn(from: LocalDate, weekday: number): LocalDate {
  return LocalDate.addDays(from, (weekday - isoWeekday(from) + 7) % 7);
}

const cache = new Map<number, FinnishHoliday[]>();

export function finnishHolidays(year: number): FinnishHoliday[] {
  const cached = cache.get(year);
  if (cached) return cached;
  const easter = easterSunday(year);
  const at = (month: number, day: number) => LocalDate.of(year, month, day);
  const h = (date: LocalDate, fi: string, sv: string, en: string, kind: FinnishHoliday['kind'] = 'holiday'): FinnishHoliday => ({
    date,
    name: { fi, sv, en },
    kind,
  });
  const midsummerDay = weekdayIn(at(6, 20), 6);
  const list = [
    h(at(1, 1), 'Uudenvuodenpäivä', 'Nyårsdagen', "New Year's Day"),
    h(at(1, 6), 'Loppiainen', 'Trettondedagen', 'Epiphany'),
    h(LocalDate.addDays(easter, -2), 'Pitkäperjantai', 'Långfredagen', 'Good Friday'),
    h(easter, 'Pääsiäispäivä', 'Påskdagen', 'Easter Sunday'),
    h(LocalDate.addDays(easter, 1), '2. pääsiäispäivä', 'Annandag påsk', 'Easter Monday'),
    h(at(5, 1), 'Vappu', 'Första maj', 'May Day'),
    h(LocalDate.addDays(easter, 39), 'Helatorstai', 'Kristi himmelsfärdsdag', 'Ascension Day'),
    h(LocalDate.addDays(easter, 49), 'Helluntaipäivä', 'Pingstdagen', 'Whit Sunday'),
    h(LocalDate.addDays(midsummerDay, -1), 'Juhannusaatto', 'Midsommarafton', 'Midsummer Eve', 'eve'),
    h(midsummerDay, 'Juhannuspäivä', 'Midsommardagen', 'Midsummer Day'),
    h(weekdayIn(at(10, 31), 6), 'Pyhäinpäivä', 'Alla helgons dag', "All Saints' Day"),
    h(at(12, 6), 'Itsenäisyyspäivä', 'Självständighetsdagen', 'Independence Day'),
    h(at(12, 24), 'Jouluaatto', 'Julafton', 'Christmas Eve', 'eve'),
    h(at(12, 25), 'Joulupäivä', 'Juldagen', 'Christmas Day'),
    h(at(12, 26), 'Tapaninpäivä', 'Annandag jul', "St Stephen's Day"),
  ].sort((a, b) => LocalDate.compare(a.date, b.date));
  cache.set(year, list);
  return list;
}

export function finnishHolidayOn(date: LocalDate): FinnishHoliday | null {
  return finnishHolidays(LocalDate.parts(date).year).find((h) => h.date === date) ?? null;
}

/** Whether a date is a public holiday or one of the two eves (contact intake's queues close on all of them). */
export function isFinnishHoliday(date: LocalDate): boolean {
  return finnishHolidayOn(date) !== null;
}
