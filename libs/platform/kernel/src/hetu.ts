import { DomainError } from './errors';
import { LocalDate } from './local-date';

export type Sex = 'male' | 'female';

export interface ParsedHetu {
  value: string;
  birthDate: LocalDate;
  sex: Sex;
  temporary: boolean;
  individualNumber: number;
}

const CHECK_CHARS = '0123456789ABCDEFHJKLMNPRSTUVWXY';
/** Century signs; the letters Y–U and B–F were added in 2023 (Population Information Act amendment). */
const CENTURY: Record<string, number> = { '+': 1800, '-': 1900, Y: 1900, X: 1900, W: 1900, V: 1900, U: 1900, A: 2000, B: 2000, C: 2000, D: 2000, E: 2000, F: 2000 };
const FORMAT = /^(\d{2})(\d{2})(\d{2})([-+YXWVUABCDEF])(\d{3})([0-9A-Y])$/;

// Messages never contain the code itself: they end up in HTTP answers and logs.
const invalid = (why: string) => new DomainError('INVALID_HETU', `invalid personal identity code: ${why}`, {}, 'validation');

const checkChar = (nineDigits: string) => CHECK_CHARS[Number(nineDigits) % 31]!;

function parse(input: string): ParsedHetu {
  const value = String(input ?? '').trim().toUpperCase();
  const m = FORMAT.exec(value);
  if (!m) throw invalid('format must be DDMMYYCZZZQ');
  const [, dd, mm, yy, sign, zzz, check] = m as unknown as [string, string, string, string, string, string, string];
  const year = CENTURY[sign]! + Number(yy);
  if (!LocalDate.isValid(`${year}-${mm}-${dd}`)) throw invalid('the birth date does not exist');
  const individualNumber = Number(zzz);
  if (individualNumber < 2) throw invalid('individual number must be 002–999');
  if (checkChar(`${dd}${mm}${yy}${zzz}`) !== check) throw invalid('check character does not match');
  return {
    value,
    birthDate: LocalDate.parse(`${year}-${mm}-${dd}`),
    sex: individualNumber % 2 === 1 ? 'male' : 'female',
    temporary: individualNumber >= 900,
    individualNumber,
  };
}

function isValid(input: string): boolean {
  try {
    parse(input);
    return true;
  } catch {
    return false;
  }
}

/** For log lines and support screens: the birth date part only. */
function mask(input: string): string {
  const value = String(input ?? '').trim();
  return value.length >= 7 ? `${value.slice(0, 7)}****` : '***';
}

/** Builds a valid code (test data, fixtures); signStyle 'new' uses the 2023 letters Y and B. */
function generate(birthDate: LocalDate, individualNumber: number, opts: { signStyle?: 'classic' | 'new' } = {}): string {
  const { year, month, day } = LocalDate.parts(birthDate);
  const century = Math.floor(year / 100) * 100;
  const classic: Record<number, string> = { 1800: '+', 1900: '-', 2000: 'A' };
  const modern: Record<number, string> = { 1800: '+', 1900: 'Y', 2000: 'B' };
  const sign = (opts.signStyle === 'new' ? modern : classic)[century];
  if (!sign || individualNumber < 2 || individualNumber > 999) throw invalid('cannot generate for that date or number');
  const digits = `${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}${String(year % 100).padStart(2, '0')}`;
  const zzz = String(individualNumber).padStart(3, '0');
  return `${digits}${sign}${zzz}${checkChar(digits + zzz)}`;
}

export const Hetu = { parse, isValid, mask, generate };
