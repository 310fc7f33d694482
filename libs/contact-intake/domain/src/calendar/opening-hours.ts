import { DomainError, HELSINKI, LocalDate } from '@luotsi/kernel';
import { isFinnishHoliday, isoWeekday as weekdayOf } from '@luotsi/kernel';

/** One day's hours on the Helsinki wall clock, `HH:MM`, open < close (no overnight spans). */
export interface DayHours {
  open: string;
  close: string;
}

/**
 * A queue's opening hours as the county sets them: per ISO weekday (1 = Monday … 7 = Sunday; a
 * missing day is closed), closed on Finnish public holidays (computed) and on the extra closed dates.
 */
export interface OpeningHours {
  weekly: Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', DayHours>>;
  closedOnHolidays: boolean;
  closedDates: readonly LocalDate[];
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Checks hours as given; refuses with INVALID_OPENING_HOURS naming the day. */
export function validateOpeningHours(hours: OpeningHours): OpeningHours {
  const bad = (day: string, why: string): never => {
    throw new DomainError('INVALID_OPENING_HOURS', `${day}: ${why}`, { day }, 'validation');
  };
  for (const [day, h] of Object.entries(hours.weekly ?? {})) {
    if (!/^[1-7]$/.test(day)) bad(day, 'weekdays are 1 (Monday) to 7 (Sunday)');
    if (!h || !TIME.test(h.open) || !TIME.test(h.close)) bad(day, 'open and close are HH:MM');
    if (minutesOf(h!.open) >= minutesOf(h!.close)) bad(day, 'a day opens before it closes');
  }
  for (const d of hours.closedDates ?? []) if (!LocalDate.isValid(d)) bad(String(d), 'closed dates are YYYY-MM-DD');
  return hours;
}

// The Helsinki wall clock by Intl (the tz database), so DST needs no code here.
const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: HELSINKI,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function wall(ms: number): { date: LocalDate; seconds: number } {
  const p: Record<string, string> = {};
  for (const part of formatter.formatToParts(new Date(ms))) p[part.type] = part.value;
  return {
    date: `${p['year']}-${p['month']}-${p['day']}` as LocalDate,
    seconds: Number(p['hour']) * 3600 + Number(p['minute']) * 60 + Number(p['second']),
  };
}

/** The instant a Helsinki wall-clock time of a date is (the offset read at a guess and corrected once). */
export function instantOf(date: LocalDate, hhmm: string): number {
  const guess = LocalDate.startOfDayInstant(date).getTime() + minutesOf(hhmm) * 60_000;
  const seen = wall(guess);
  const drift = (seen.date === date ? seen.seconds : seen.seconds + (seen.date > date ? 86_400 : -86_400)) - minutesOf(hhmm) * 60;
  return guess - drift * 1000;
}

/** The open interval of a date in epoch ms, or null when the queue is closed that day. */
export function openIntervalOn(date: LocalDate, hours: OpeningHours): { from: number; to: number } | null {
  if (hours.closedOnHolidays && isFinnishHoliday(date)) return null;
  if (hours.closedDates.includes(date)) return null;
  const h = hours.weekly[String(weekdayOf(date)) as keyof OpeningHours['weekly']];
  if (!h) return null;
  return { from: instantOf(date, h.open), to: instantOf(date, h.close) };
}

/**
 * Seconds of a wait that fall inside opening hours: the service-level clock pauses outside them and
 * on holidays, so a contact left on a Sunday evening starts counting at Monday's opening. Whole
 * seconds, rounded down.
 */
export function secondsWithinHours(fromIso: string, toIso: string, hours: OpeningHours): number {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  if (!(to > from)) return 0;
  let total = 0;
  let date = wall(from).date;
  const last = wall(to).date;
  for (let guard = 0; date <= last && guard < 400; guard++) {
    const open = openIntervalOn(date, hours);
    if (open) total += Math.max(0, Math.min(to, open.to) - Math.max(from, open.from));
    date = LocalDate.addDays(date, 1);
  }
  // Waits over a year are counted as a year of open time: nobody waits that long on a queue.
  return Math.floor(total / 1000);
}

/** Whether the queue is open at an instant. */
export function isOpenAt(iso: string, hours: OpeningHours): boolean {
  const ms = Date.parse(iso);
  const open = openIntervalOn(wall(ms).date, hours);
  return !!open && ms >= open.from && ms < open.to;
}

/** The Helsinki business date of an instant. */
export const helsinkiDateOf = (iso: string): LocalDate => wall(Date.parse(iso)).date;

/** Mon–Fri 8–16, closed on holidays: an example default, clearly not any county's real hours. */
export const EXAMPLE_OPENING_HOURS: OpeningHours = {
  weekly: Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, { open: '08:00', close: '16:00' }])) as OpeningHours['weekly'],
  closedOnHolidays: true,
  closedDates: [],
};
