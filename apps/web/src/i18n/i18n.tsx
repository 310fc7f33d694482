import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey } from './en';
import { fi } from './fi';
import { sv } from './sv';
import { formatDate, formatDateTime, formatEuros, formatMonth, formatNumber, LOCALES, type Locale } from './format';

export const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { fi, sv, en };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
  date(iso: string): string;
  dateTime(iso: string): string;
  month(month: string): string;
  euros(cents: number): string;
  number(n: number): string;
}

export function translator(locale: Locale): Translate {
  const catalogue = CATALOGUES[locale];
  return (key, vars) => {
    const text = catalogue[key] ?? en[key] ?? key;
    return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
  };
}

const I18nContext = createContext<I18n | null>(null);

const initialLocale = (): Locale => {
  const saved = localStorage.getItem('luotsi.locale');
  if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  const browser = navigator.language.slice(0, 2);
  return (LOCALES as readonly string[]).includes(browser) ? (browser as Locale) : 'fi';
};

/** Changing the language re-renders with another catalogue; nothing is remounted, so typed input stays. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale(next) {
        localStorage.setItem('luotsi.locale', next);
        setLocaleState(next);
      },
      t: translator(locale),
      date: (iso) => formatDate(locale, iso),
      dateTime: (iso) => formatDateTime(locale, iso),
      month: (m) => formatMonth(locale, m),
      euros: (c) => formatEuros(locale, c),
      number: (n) => formatNumber(locale, n),
    }),
    [locale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
