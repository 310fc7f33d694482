import type { YearMonthDay } from './calendar';

/**
 * Wall-clock readings of instants in an IANA zone. The tz database inside Intl decides the offset,
 * so DST switches (and any future change to Finnish time) need no code here.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    // hourCycle h23: some engines print midnight as 24 with hour12: false.
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  return f;
}

interface WallClock extends YearMonthDay {
  hour: number;
  minute: number;
  second: number;
}

export function wallClock(instant: Date, zone: string): WallClock {
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(instant)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { year: p['year']!, month: p['month']!, day: p['day']!, hour: p['hour']!, minute: p['minute']!, second: p['second']! };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms (whole seconds). */
function offsetAt(instantMs: number, zone: string): number {
  const w = wallClock(new Date(instantMs), zone);
  const wallAsUtc = new Date(0).setUTCFullYear(w.year, w.month - 1, w.day) + ((w.hour * 60 + w.minute) * 60 + w.second) * 1000;
  return wallAsUtc - Math.floor(instantMs / 1000) * 1000;
}

const sameDate = (a: YearMonthDay, b: YearMonthDay) => a.year === b.year && a.month === b.month && a.day === b.day;

/**
 * The first instant of a date on the zone's wall clock. The offset is read at a first guess and
 * again at the corrected instant, because the two differ when a DST switch falls between them.
 * Finnish switches happen at 03:00/04:00, so in Helsinki this is always 00:00; in zones that skip
 * midnight itself (Chile, Lebanon) only one guess lands on the date, and that is its first instant.
 */
export function startOfDayIn(date: YearMonthDay, zone: string): Date {
  const midnightUtc = new Date(0).setUTCFullYear(date.year, date.month - 1, date.day);
  const first = midnightUtc - offsetAt(midnightUtc, zone);
  const second = midnightUtc - offsetAt(first, zone);
  const onTheDate = [first, second].filter((t) => sameDate(wallClock(new Date(t), zone), date));
  return new Date(onTheDate.length > 0 ? Math.min(...onTheDate) : second);
}
