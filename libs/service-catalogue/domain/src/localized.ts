import { checkText, invalid, LANGUAGES, type Language } from './vocabulary';

/** A text in the catalogue's languages; at least one is given (Suomi.fi requires Finnish or Swedish, the county's own may be any). */
export type LocalizedText = Partial<Record<Language, string>>;

/** The order a reader's language falls back in: theirs, then Finnish, Swedish, English. */
export const fallbackOrder = (asked: Language): Language[] => [asked, ...LANGUAGES.filter((l) => l !== asked)];

/** The text in the asker's language or the first fallback that has one, and which language that was. */
export function inLanguage(text: LocalizedText | null | undefined, asked: Language): { text: string; language: Language } | null {
  if (!text) return null;
  for (const language of fallbackOrder(asked)) {
    const value = text[language];
    if (value) return { text: value, language };
  }
  return null;
}

/** Checks a localized text: only fi/sv/en keys, each a clean text, and (when required) at least one. */
export function checkLocalized(field: string, value: unknown, max: number, required = true): LocalizedText {
  if (value === undefined) {
    if (required) throw invalid('MISSING_FIELD', `${field} is required in at least one of fi, sv, en`, { field });
    return {};
  }
  if (value === null) throw invalid('INVALID_TEXT', `${field} is not nullable: leave it out instead`, { field });
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalid('INVALID_TEXT', `${field} must be an object of fi, sv, en`, { field });
  const out: LocalizedText = {};
  for (const [key, text] of Object.entries(value as Record<string, unknown>)) {
    if (!(LANGUAGES as readonly string[]).includes(key)) throw invalid('INVALID_LANGUAGE', `${field} takes only fi, sv and en`, { field });
    // A language is given a text or left out: an empty or null text is refused, not read as "none".
    out[key as Language] = checkText(`${field}.${key}`, text === '' || text === null ? undefined : text, max, true)!;
  }
  if (required && Object.keys(out).length === 0)
    throw invalid('MISSING_FIELD', `${field} is required in at least one of fi, sv, en`, { field });
  // Keys in a fixed order, so the same text always has the same JSON (a republished version that changes nothing writes nothing).
  return Object.fromEntries(LANGUAGES.filter((l) => out[l] !== undefined).map((l) => [l, out[l]])) as LocalizedText;
}
