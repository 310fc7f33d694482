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
/** Century signs; Y–U and B–F came in 2023 because the classic signs were running out of numbers. */
const CENTURY: Readonly<Record<string, number>> = {
  '+': 1800,
  '-': 1900,
  Y: 1900,
  X: 1900,
  W: 1900,
  V: 1900,
  U: 1900,
  A: 2000,
  B: 2000,
  C: 2000,
  D: 2000,
  E: 2000,
  F: 2000,
};
const FORMAT = /^(\d{2})(\d{2})(\d{2})([-+YXWVUABCDEF])(\d{3})([0-9A-Y])$/;
const BEGINS_LIKE_A_CODE = /^\d{6}[-+YXWVUABCDEF]/;

// Messages and details never contain the code: they end up in HTTP answers and logs.
const invalid = (why: string) => new DomainError('INVALID_HETU', `invalid personal identity code: ${why}`, {}, 'validation');

const checkChar = (nineDigits: string): string => CHECK_CHARS[Number(nineDigits) % 31]!;

export interface HetuOptions {
  /** Today, from the clock: a birth date after it belongs to no living person. */
  notAfter?: LocalDate;
}

function parse(input: string, options: HetuOptions = {}): ParsedHetu {
  const value = String(input ?? '')
    .trim()
    .toUpperCase();
  const m = FORMAT.exec(value);
  if (!m) throw invalid('the format must be DDMMYYCZZZQ');
  const [, dd, mm, yy, sign, zzz, check] = m as unknown as [string, string, string, string, string, string, string];
  const birth = `${CENTURY[sign]! + Number(yy)}-${mm}-${dd}`;
  if (!LocalDate.isValid(birth)) throw invalid('the birth date does not exist');
  if (options.notAfter !== undefined && birth > options.notAfter) throw invalid('the birth date is in the future');
  const individualNumber = Number(zzz);
  if (individualNumber < 2) throw invalid('the individual number must be 002–999');
  if (checkChar(dd + mm + yy + zzz) !== check) throw invalid('the check character does not match');
  return {
    value,
    birthDate: birth as LocalDate,
    sex: individualNumber % 2 === 1 ? 'male' : 'female',
    temporary: individualNumber >= 900,
    individualNumber,
  };
}

function isValid(input: string, options: HetuOptions = {}): boolean {
  try {
    parse(input, options);
    return true;
  } catch {
    return false;
  }
}

/**
 * For log lines and support screens: '131052-***'. Only the birth date and century sign show; the
 * individual number and check character never do. Input that does not begin like a code is masked
 * whole, in case a name or an address was typed into the field.
 */
function mask(input: string): string {
  const value = String(input ?? '')
    .trim()
    .toUpperCase();
  return BEGINS_LIKE_A_CODE.test(value) ? `${value.slice(0, 7)}***` : '***';
}

const CLASSIC_SIGN: Readonly<Record<number, string>> = { 1800: '+', 1900: '-', 2000: 'A' };
// The 1800s got no new letters.
const NEW_SIGN: Readonly<Record<number, string>> = { 1800: '+', 1900: 'Y', 2000: 'B' };

/** Builds a valid code for test data and fixtures; signStyle 'new' uses the 2023 letters Y and B. */
function generate(birthDate: LocalDate, individualNumber: number, opts: { signStyle?: 'classic' | 'new' } = {}): string {
  const { year, month, day } = LocalDate.parts(LocalDate.parse(birthDate));
  const century = Math.floor(year / 100) * 100;
  const sign = (opts.signStyle === 'new' ? NEW_SIGN : CLASSIC_SIGN)[century];
  if (!sign) throw invalid('codes exist only for births in 1800–2099');
  if (!Number.isInteger(individualNumber) || individualNumber < 2 || individualNumber > 999)
    throw invalid('the individual number must be 002–999');
  const ddmmyy = [day, month, year % 100].map((n) => String(n).padStart(2, '0')).join('');
  const zzz = String(individualNumber).padStart(3, '0');
  return `${ddmmyy}${sign}${zzz}${checkChar(ddmmyy + zzz)}`;
}

export const Hetu = { parse, isValid, mask, generate };
