import { finnishHolidayOn, isoWeekday, LocalDate, type FinnishHoliday } from '@luotsi/kernel';
import { checkLocalized, type LocalizedText } from './localized';
import { checkObject, invalid, orDefault } from './vocabulary';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A time of day 'HH:MM'; '24:00' closes at midnight. */
export interface TimeRange {
  opens: string;
  closes: string;
}
export interface WeeklyRange extends TimeRange {
  day: Weekday;
}
/**
 * Hours that differ on some dates: a summer closure (`closed`), shorter hours over Christmas, an
 * extra opening. An exception wins over the weekly hours and over the public-holiday rule.
 */
export interface HoursException {
  from: LocalDate;
  to: LocalDate;
  closed: boolean;
  hours: TimeRange[];
  description: LocalizedText;
}
/**
 * A channel's hours. `publicHolidays` says what a Finnish public holiday (or Midsummer/Christmas
 * Eve) means for it: closed, Sunday's hours (the usual rule of round-the-clock units), or its
 * weekday's regular hours.
 */
export interface OpeningHours {
  weekly: WeeklyRange[];
  publicHolidays: 'closed' | 'sunday-hours' | 'regular';
  exceptions: HoursException[];
}

export type HoursBasis = 'regular' | 'exception' | 'public-holiday';
export interface DayHours {
  date: LocalDate;
  ranges: TimeRange[];
  basis: HoursBasis;
  holiday: FinnishHoliday | null;
  exception: HoursException | null;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
export const minuteOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

function checkRanges(field: string, ranges: unknown): TimeRange[] {
  if (!Array.isArray(ranges)) throw invalid('INVALID_HOURS', `${field} must be a list of time ranges`, { field });
  const out = ranges.map((r, i) => {
    if (!r || typeof r !== 'object' || Array.isArray(r))
      throw invalid('INVALID_HOURS', `${field}[${i}] is an object`, { field: `${field}[${i}]` });
    const o = r as Record<string, unknown>;
    const opens = o['opens'];
    const closes = o['closes'];
    if (typeof opens !== 'string' || typeof closes !== 'string' || !TIME.test(opens) || !TIME.test(closes) || opens === '24:00')
      throw invalid('INVALID_HOURS', `${field}[${i}] needs opens and closes as HH:MM`, { field: `${field}[${i}]` });
    if (minuteOf(closes) <= minuteOf(opens))
      throw invalid('INVALID_HOURS', `${field}[${i}] must close after it opens (a night is two ranges: until 24:00 and from 00:00)`, {
        field: `${field}[${i}]`,
      });
    return { opens, closes, ...(o['day'] !== undefined ? { day: o['day'] } : {}) };
  });
  return out as TimeRange[];
}

function refuseOverlaps(field: string, ranges: TimeRange[]): TimeRange[] {
  const sorted = [...ranges].sort((a, b) => minuteOf(a.opens) - minuteOf(b.opens));
  for (let i = 1; i < sorted.length; i++)
    if (minuteOf(sorted[i]!.opens) < minuteOf(sorted[i - 1]!.closes))
      throw invalid('OVERLAPPING_HOURS', `${field} has overlapping time ranges`, { field });
  return sorted.map((r) => ({ opens: r.opens, closes: r.closes }));
}

/** Checks hours whole and returns them in a canonical order (the same hours always give the same JSON). */
export function checkOpeningHours(field: string, value: unknown): OpeningHours {
  const o = checkObject(field, value, ['weekly', 'publicHolidays', 'exceptions']);
  const weeklyRaw = checkRanges(`${field}.weekly`, orDefault(o['weekly'], [], `${field}.weekly`)) as Array<TimeRange & { day?: unknown }>;
  const weekly: WeeklyRange[] = [];
  for (const day of WEEKDAYS) {
    const ofDay = weeklyRaw.filter((r) => r.day === day);
    weekly.push(...refuseOverlaps(`${field}.weekly.${day}`, ofDay).map((r) => ({ day, ...r })));
  }
  if (weekly.length !== weeklyRaw.length) throw invalid('INVALID_HOURS', `${field}.weekly: each range names a day mon–sun`, { field });
  const publicHolidays = orDefault(o['publicHolidays'], 'closed', `${field}.publicHolidays`);
  if (publicHolidays !== 'closed' && publicHolidays !== 'sunday-hours' && publicHolidays !== 'regular')
    throw invalid('INVALID_HOURS', `${field}.publicHolidays is closed, sunday-hours or regular`, { field });
  const rawExceptions = orDefault(o['exceptions'], [], `${field}.exceptions`);
  if (!Array.isArray(rawExceptions) || rawExceptions.length > 100)
    throw invalid('INVALID_HOURS', `${field}.exceptions must be a list of at most 100`, { field });
  const exceptions = rawExceptions
    .map((e, i): HoursException => {
      if (!e || typeof e !== 'object' || Array.isArray(e))
        throw invalid('INVALID_HOURS', `${field}.exceptions[${i}] is an object`, { field });
      const x = e as Record<string, unknown>;
      const f = `${field}.exceptions[${i}]`;
      if (!LocalDate.isValid(x['from'] as string) || !LocalDate.isValid(x['to'] as string))
        throw invalid('INVALID_HOURS', `${f} needs from and to as YYYY-MM-DD`, { field: f });
      const from = LocalDate.parse(x['from'] as string);
      const to = LocalDate.parse(x['to'] as string);
      if (to < from) throw invalid('INVALID_HOURS', `${f} ends before it begins`, { field: f });
      if (LocalDate.daysBetween(from, to) > 366) throw invalid('INVALID_HOURS', `${f} spans more than a year`, { field: f });
      if (x['closed'] !== undefined && typeof x['closed'] !== 'boolean')
        throw invalid('INVALID_HOURS', `${f}.closed is true or false`, { field: f });
      const closed = x['closed'] === true;
      const hours = refuseOverlaps(f, checkRanges(`${f}.hours`, orDefault(x['hours'], [], `${f}.hours`)));
      if (closed === hours.length > 0) throw invalid('INVALID_HOURS', `${f} is either closed or has hours, one of the two`, { field: f });
      return { from, to, closed, hours, description: checkLocalized(`${f}.description`, x['description'], 500, false) };
    })
    .sort((a, b) => LocalDate.compare(a.from, b.from));
  for (let i = 1; i < exceptions.length; i++)
    if (exceptions[i]!.from <= exceptions[i - 1]!.to)
      throw invalid('OVERLAPPING_EXCEPTIONS', `${field}.exceptions overlap: one date has one exception`, { field });
  return { weekly, publicHolidays, exceptions };
}

/** The hours of one date: an exception first, then the public-holiday rule, then the weekday's hours. */
export function hoursOn(hours: OpeningHours, date: LocalDate): DayHours {
  const exception = hours.exceptions.find((e) => e.from <= date && date <= e.to) ?? null;
  const holiday = finnishHolidayOn(date);
  if (exception) return { date, ranges: exception.closed ? [] : exception.hours, basis: 'exception', holiday, exception };
  const weekday = WEEKDAYS[isoWeekday(date) - 1]!;
  const of = (day: Weekday) => hours.weekly.filter((r) => r.day === day).map((r) => ({ opens: r.opens, closes: r.closes }));
  if (holiday && hours.publicHolidays !== 'regular')
    return { date, ranges: hours.publicHolidays === 'closed' ? [] : of('sun'), basis: 'public-holiday', holiday, exception: null };
  return { date, ranges: of(weekday), basis: 'regular', holiday, exception: null };
}

/** Whether the channel is open at a minute of a Helsinki date, and until when. */
export function openAt(hours: OpeningHours, date: LocalDate, minute: number): { open: boolean; until: string | null; day: DayHours } {
  const day = hoursOn(hours, date);
  const range = day.ranges.find((r) => minuteOf(r.opens) <= minute && minute < minuteOf(r.closes));
  return { open: !!range, until: range?.closes ?? null, day };
}

/** The next seven days' hours from a date, as a page shows them. */
export const weekFrom = (hours: OpeningHours, from: LocalDate): DayHours[] =>
  Array.from({ length: 7 }, (_, i) => hoursOn(hours, LocalDate.addDays(from, i)));
