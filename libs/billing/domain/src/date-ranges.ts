import { DomainError, LocalDate } from '@luotsi/kernel';

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
 * The range check for one date field (written here until the kernel offers one): a 400 that names
 * the field and the range, so the caller can fix the value without guessing.
 */
export function requireDateBetween(field: string, date: LocalDate, earliest: LocalDate, latest: LocalDate): void {
  if (date < earliest || date > latest) {
    throw new DomainError('DATE_OUT_OF_RANGE', `${field} must be from ${earliest} to ${latest}`, { field, value: date, earliest, latest }, 'validation');
  }
}
