import { firstOfNextMonth } from './i18n/format';

/**
 * The date a switch asked for today takes effect, and why not sooner: a switch starts on a month's
 * first day (the next one at the earliest), and after a choice not before the area's switch period
 * has passed (provider choice answers that date as the listing's nextPossibleSwitchDate).
 */
export function effectiveDateOf(nextPossible: string | null, today: string): { date: string; why: 'next-month' | 'switch-period' } {
  const nextMonth = firstOfNextMonth(today);
  if (nextPossible && nextPossible > nextMonth) return { date: nextPossible, why: 'switch-period' };
  return { date: nextMonth, why: 'next-month' };
}
