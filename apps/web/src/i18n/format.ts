// Dates, numbers and euros per locale, through Intl only. Business dates (YYYY-MM-DD) are calendar
// days in Helsinki: formatted as UTC so no time zone moves them a day.
export type Locale = 'fi' | 'sv' | 'en';
export const LOCALES: readonly Locale[] = ['fi', 'sv', 'en'];

/** The Intl locale of each UI language: Finnish-Swedish and the Finnish English conventions. */
const INTL: Record<Locale, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-FI' };

export function formatDate(locale: Locale, isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  if (!y || !m || !d) return isoDate;
  return new Intl.DateTimeFormat(INTL[locale], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

export function formatDateTime(locale: Locale, iso: string): string {
  return new Intl.DateTimeFormat(INTL[locale], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Helsinki' }).format(
    new Date(iso),
  );
}

export function formatMonth(locale: Locale, month: string): string {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return month;
  return new Intl.DateTimeFormat(INTL[locale], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}

export function formatEuros(locale: Locale, cents: number): string {
  return new Intl.NumberFormat(INTL[locale], { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

export function formatNumber(locale: Locale, n: number): string {
  return new Intl.NumberFormat(INTL[locale]).format(n);
}

/** Today's date in Helsinki, YYYY-MM-DD. */
export function helsinkiToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The first day of the month after `isoDate`. */
export function firstOfNextMonth(isoDate: string): string {
  const [y, m] = isoDate.split('-').map(Number) as [number, number];
  const next = m === 12 ? { y: y + 1, m: 1 } : { y, m: m + 1 };
  return `${next.y}-${String(next.m).padStart(2, '0')}-01`;
}
