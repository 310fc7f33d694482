import { HELSINKI, LocalDate } from '@luotsi/kernel';

/** An instant as Helsinki's wall clock reads it: the business date, its ISO weekday and the minute of the day. */
export interface HelsinkiMoment {
  date: LocalDate;
  weekday: number;
  minute: number;
}

const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: HELSINKI,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  weekday: 'short',
});
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** "Now" comes from the command envelope or the injected clock; this only reads it in Helsinki time (DST from the tz database). */
export function helsinkiMoment(instant: Date): HelsinkiMoment {
  const p: Record<string, string> = {};
  for (const part of formatter.formatToParts(instant)) if (part.type !== 'literal') p[part.type] = part.value;
  return {
    date: LocalDate.of(Number(p['year']), Number(p['month']), Number(p['day'])),
    weekday: WEEKDAYS[p['weekday']!]!,
    minute: Number(p['hour']) * 60 + Number(p['minute']),
  };
}
