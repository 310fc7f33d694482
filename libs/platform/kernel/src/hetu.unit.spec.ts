import fc from 'fast-check';
import { DomainError } from './errors';
import { Hetu } from './hetu';
import { LocalDate } from './local-date';

const d = LocalDate.parse;

function refusal(code: string): DomainError {
  try {
    Hetu.parse(code);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected the code to be refused');
}

describe('personal identity code', () => {
  it('reads the well-known example', () => {
    // 131052308 = 31 · 4227493 + 25, and position 25 of 0123456789ABCDEFHJKLMNPRSTUVWXY is T
    expect(Hetu.parse('131052-308T')).toEqual({
      value: '131052-308T',
      birthDate: '1952-10-13',
      sex: 'female',
      temporary: false,
      individualNumber: 308,
    });
    expect(Hetu.isValid('131052-308T')).toBe(true);
  });

  it('reads every century sign, the 2023 letters included', () => {
    for (const sign of ['-', 'Y', 'X', 'W', 'V', 'U']) expect(Hetu.parse(`131052${sign}308T`).birthDate).toBe('1952-10-13');
    // 010105987 mod 31 = 18 → K
    for (const sign of ['A', 'B', 'C', 'D', 'E', 'F'])
      expect(Hetu.parse(`010105${sign}987K`)).toMatchObject({ birthDate: '2005-01-01', sex: 'male', temporary: true });
    expect(Hetu.parse('131052+308T').birthDate).toBe('1852-10-13');
    // the sign tells people apart: same digits, different codes
    expect(Hetu.parse('131052Y308T').value).not.toBe(Hetu.parse('131052-308T').value);
  });

  it('trims and upper-cases', () => {
    expect(Hetu.parse(' 131052-308t ').value).toBe('131052-308T');
    expect(Hetu.parse('010105a987k').value).toBe('010105A987K');
    expect(Hetu.parse('131052y308t').value).toBe('131052Y308T');
  });

  it('tells sex by parity and temporary codes by 900–999', () => {
    expect(Hetu.parse(Hetu.generate(d('1990-01-01'), 2))).toMatchObject({ sex: 'female', temporary: false, individualNumber: 2 });
    expect(Hetu.parse(Hetu.generate(d('1990-01-01'), 899))).toMatchObject({ sex: 'male', temporary: false });
    expect(Hetu.parse(Hetu.generate(d('1990-01-01'), 900))).toMatchObject({ sex: 'female', temporary: true });
    expect(Hetu.parse(Hetu.generate(d('1990-01-01'), 999))).toMatchObject({ sex: 'male', temporary: true });
  });

  it('says what is wrong without repeating the code', () => {
    const cases: Array<[string, RegExp]> = [
      ['131052-308U', /check character/],
      ['010101-000P', /individual number/], // 010101000 mod 31 = 22 → P: the checksum itself is right
      ['010101-001R', /individual number/],
      ['290223A002K', /birth date/], // 2023 is not a leap year
      ['310490-123A', /birth date/],
      ['131052/308T', /format/],
      ['131052-308', /format/],
      ['131052G308T', /format/],
      ['', /format/],
    ];
    for (const [bad, why] of cases) {
      const e = refusal(bad);
      expect({ bad, code: e.code, kind: e.kind, details: e.details }).toEqual({
        bad,
        code: 'INVALID_HETU',
        kind: 'validation',
        details: {},
      });
      expect(e.message).toMatch(why);
      if (bad.length > 6) expect(e.message + JSON.stringify(e)).not.toContain(bad.slice(0, 6));
      expect(Hetu.isValid(bad)).toBe(false);
    }
    expect(Hetu.isValid('290224A002K')).toBe(true); // 2024 is
  });

  it('masks for logs: birth date and sign only', () => {
    expect(Hetu.mask('131052-308T')).toBe('131052-***');
    expect(Hetu.mask(' 010105a987k')).toBe('010105A***');
    expect(Hetu.mask('Matti Meikäläinen')).toBe('***');
    expect(Hetu.mask('')).toBe('***');
  });

  it('generates codes in the classic and the 2023 style', () => {
    expect(Hetu.generate(d('1952-10-13'), 308)).toBe('131052-308T');
    expect(Hetu.generate(d('1952-10-13'), 308, { signStyle: 'new' })).toBe('131052Y308T');
    expect(Hetu.generate(d('2005-01-01'), 987)).toBe('010105A987K');
    expect(Hetu.generate(d('2005-01-01'), 987, { signStyle: 'new' })).toBe('010105B987K');
    expect(Hetu.generate(d('1852-10-13'), 308, { signStyle: 'new' })).toBe('131052+308T');
    expect(() => Hetu.generate(d('2100-01-01'), 2)).toThrow(expect.objectContaining({ code: 'INVALID_HETU' }));
    expect(() => Hetu.generate(d('2000-01-01'), 1)).toThrow(expect.objectContaining({ code: 'INVALID_HETU' }));
    expect(() => Hetu.generate(d('2000-01-01'), 1000)).toThrow(expect.objectContaining({ code: 'INVALID_HETU' }));
  });

  it('generated codes parse back to their date, sex and number; masks hide the number and check character', () => {
    const births = fc.integer({ min: 0, max: 109_572 }).map((n) => LocalDate.addDays(d('1800-01-01'), n)); // 1800-01-01 … 2099-12-31
    fc.assert(
      fc.property(births, fc.integer({ min: 2, max: 999 }), fc.constantFrom<'classic' | 'new'>('classic', 'new'), (birth, n, signStyle) => {
        const code = Hetu.generate(birth, n, { signStyle });
        const parsed = Hetu.parse(code);
        return (
          parsed.birthDate === birth &&
          parsed.individualNumber === n &&
          parsed.sex === (n % 2 === 1 ? 'male' : 'female') &&
          parsed.temporary === n >= 900 &&
          Hetu.mask(code) === `${code.slice(0, 7)}***`
        );
      }),
    );
  });
});

describe('personal identity code: birth dates in the future', () => {
  it('refuses a code born after today when the caller gives today, and keeps it a well-formed code otherwise', () => {
    const today = d('2026-11-23');
    expect(Hetu.isValid('130337F698V')).toBe(true);
    expect(Hetu.isValid('130337F698V', { notAfter: today })).toBe(false);
    expect(() => Hetu.parse('130337F698V', { notAfter: today })).toThrow(
      expect.objectContaining({
        code: 'INVALID_HETU',
        message: 'invalid personal identity code: the birth date is in the future',
        details: {},
      }),
    );
    // born today is a person
    const bornToday = Hetu.generate(today, 123, { signStyle: 'new' });
    expect(Hetu.parse(bornToday, { notAfter: today }).birthDate).toBe('2026-11-23');
    expect(Hetu.isValid(Hetu.generate(d('2026-11-24'), 123), { notAfter: today })).toBe(false);
  });
});
