/**
 * Proleptic Gregorian arithmetic on plain year/month/day numbers. Date.UTC does the leap-year work;
 * nothing here depends on the machine's time zone.
 */
export interface YearMonthDay {
  year: number;
  month: number; // 1–12
  day: number;
}

const DAY_MS = 86_400_000;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isCalendarDate(year: number, month: number, day: number): boolean {
  return (
    [year, month, day].every(Number.isInteger) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Days since 1970-01-01; Date.UTC maps years 0–99 to 1900s, so the year is set separately. */
export function toEpochDay({ year, month, day }: YearMonthDay): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return Math.round(date.getTime() / DAY_MS);
}

export function fromEpochDay(epochDay: number): YearMonthDay {
  const date = new Date(epochDay * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** Months since year 0, so month arithmetic is integer addition. */
export const monthIndex = (year: number, month: number): number => year * 12 + (month - 1);

export const fromMonthIndex = (index: number): { year: number; month: number } => ({
  year: Math.floor(index / 12),
  month: (((index % 12) + 12) % 12) + 1,
});
