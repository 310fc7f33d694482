import { LocalDate } from '@luotsi/kernel';
import type { ResidentState } from './listing-state';

/**
 * The earliest date a new chosen listing may take effect: the first day of the month after the
 * request (Europe/Helsinki), and at least `periodMonths` calendar months after the effective date
 * of the previous listing the resident chose (chosen 1 February → 1 May at the earliest). Default
 * listings do not start the clock.
 */
export function earliestSwitchDate(state: Pick<ResidentState, 'lastChosenFrom'>, today: LocalDate, periodMonths: number): LocalDate {
  const nextMonth = LocalDate.firstOfNextMonth(today);
  if (!state.lastChosenFrom) return nextMonth;
  const clock = LocalDate.addMonths(state.lastChosenFrom, periodMonths);
  // A chosen listing always starts on a month's first day, but keep the result a month start regardless.
  const clockMonthStart = LocalDate.parts(clock).day === 1 ? clock : LocalDate.firstOfNextMonth(clock);
  return LocalDate.max(nextMonth, clockMonthStart);
}

export const isMonthStart = (d: LocalDate): boolean => LocalDate.parts(d).day === 1;
