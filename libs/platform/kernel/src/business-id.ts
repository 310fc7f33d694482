import { DomainError } from './errors';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2];

/** The check digit of a Finnish business ID (Y-tunnus), or null where none exists (remainder 1). */
function checkDigit(sevenDigits: string): number | null {
  const sum = [...sevenDigits].reduce((acc, d, i) => acc + Number(d) * WEIGHTS[i]!, 0);
  const remainder = sum % 11;
  if (remainder === 1) return null;
  return remainder === 0 ? 0 : 11 - remainder;
}

function isValid(s: string): boolean {
  const m = /^(\d{7})-(\d)$/.exec(String(s ?? '').trim());
  return !!m && checkDigit(m[1]!) === Number(m[2]);
}

function parse(s: string): string {
  const value = String(s ?? '').trim();
  if (!isValid(value))
    throw new DomainError(
      'INVALID_BUSINESS_ID',
      `not a valid Finnish business ID (1234567-8 with a matching check digit): ${JSON.stringify(value)}`,
      { value },
      'validation',
    );
  return value;
}

function withCheckDigit(sevenDigits: string): string {
  const digit = /^\d{7}$/.test(sevenDigits) ? checkDigit(sevenDigits) : null;
  if (digit === null)
    throw new DomainError('INVALID_BUSINESS_ID', 'no check digit exists for these digits', { value: sevenDigits }, 'validation');
  return `${sevenDigits}-${digit}`;
}

export const BusinessId = { parse, isValid, withCheckDigit };
