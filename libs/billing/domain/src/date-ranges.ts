import { LocalDate } from '@luotsi/kernel';

/**
 * Billing began with the counties' own systems long after this; a date before it is a typing
 * error (0001-01-01, a two-digit year), not a fact to be priced.
 */
export const EARLIEST_BILLING_DATE = LocalDate.of(2000, 1, 1);

/** Rates are set ahead for a budget, never for decades: five years is the longest plan a county makes. */
export const RATES_YEARS_AHEAD = 5;

/** The latest month start a rate version may be valid from, seen from today. */
export const latestRatesValidFrom = (today: LocalDate): LocalDate => {
  const { year, month } = LocalDate.parts(today);
  return LocalDate.of(year + RATES_YEARS_AHEAD, month, 1);
};

/**
 * A date field of billing, parsed under billing's range. The range is checked on the calendar
 * date before the kernel's parse, so billing's tighter rule, which names the field, answers first
 * (the kernel's own years 1800–2199 lie wider and would answer without the field).
 */
export function parseDateBetween(field: string, value: string, earliest: LocalDate, latest: LocalDate): LocalDate {
  if (!LocalDate.isValid(value)) return LocalDate.parse(value);
  return LocalDate.parse(LocalDate.requireBetween(value as LocalDate, earliest, latest, field));
}
