import fc from 'fast-check';
import { BusinessId } from './business-id';
import { Hetu } from './hetu';
import { LocalDate } from './local-date';
import { PersonRef } from './person-ref';

describe('personal identity code', () => {
  it('reads the well-known example and its century forms', () => {
    expect(Hetu.parse('131052-308T')).toMatchObject({ birthDate: '1952-10-13', sex: 'female', temporary: false, individualNumber: 308 });
    expect(Hetu.parse(' 131052-308t ')).toMatchObject({ value: '131052-308T' });
    expect(Hetu.parse('131052Y308T')).toMatchObject({ birthDate: '1952-10-13' }); // 2023 sign for the 1900s
    expect(Hetu.generate(LocalDate.parse('2005-01-01'), 987)).toMatch(/^010105A987.$/);
    expect(Hetu.parse(Hetu.generate(LocalDate.parse('2005-01-01'), 987)).birthDate).toBe('2005-01-01');
    expect(Hetu.parse(Hetu.generate(LocalDate.parse('2010-06-30'), 123, { signStyle: 'new' })).birthDate).toBe('2010-06-30');
    expect(Hetu.parse(Hetu.generate(LocalDate.parse('1899-12-31'), 2)).birthDate).toBe('1899-12-31');
  });

  it('recognises temporary numbers 900–999 and sex by parity', () => {
    expect(Hetu.parse(Hetu.generate(LocalDate.parse('1990-01-01'), 901))).toMatchObject({ temporary: true, sex: 'male' });
    expect(Hetu.parse(Hetu.generate(LocalDate.parse('1990-01-01'), 898))).toMatchObject({ temporary: false, sex: 'female' });
  });

  it('refuses wrong check characters, numbers 000–001, impossible dates and bad formats, without echoing the code', () => {
    for (const bad of ['131052-308U', '010190-0014', '010190-001N', '300290-123A', '131052/308T', '131052-308']) {
      let error: unknown;
      try {
        Hetu.parse(bad);
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: 'INVALID_HETU', kind: 'validation' });
      expect(JSON.stringify(error) + (error as Error).message).not.toContain(bad.slice(0, 6));
    }
  });

  it('masks for logs', () => {
    expect(Hetu.mask('131052-308T')).toBe('131052-****');
    expect(Hetu.mask('131052-308T')).not.toContain('308T');
  });

  it('generated codes always parse back to their date and sex', () =>
    fc.assert(fc.property(fc.date({ min: new Date('1800-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 2, max: 999 }), fc.boolean(), (date, n, modern) => {
      const birth = date.toISOString().slice(0, 10) as LocalDate;
      const parsed = Hetu.parse(Hetu.generate(birth, n, { signStyle: modern ? 'new' : 'classic' }));
      return parsed.birthDate === birth && parsed.sex === (n % 2 === 1 ? 'male' : 'female') && parsed.temporary === n >= 900;
    })));
});

describe('business ID', () => {
  it('checks the check digit', () => {
    expect(BusinessId.isValid('0737546-2')).toBe(true);
    expect(BusinessId.isValid('0737546-3')).toBe(false);
    expect(BusinessId.withCheckDigit('0211675')).toBe('0211675-2');
    // a number whose weighted sum leaves remainder 1 has no check digit at all
    const noDigit = Array.from({ length: 200 }, (_, i) => String(1000000 + i)).find((n) => { try { BusinessId.withCheckDigit(n); return false; } catch { return true; } })!;
    expect(Array.from({ length: 10 }, (_, k) => BusinessId.isValid(`${noDigit}-${k}`)).some(Boolean)).toBe(false);
    expect(() => BusinessId.parse('1234567')).toThrow(expect.objectContaining({ code: 'INVALID_BUSINESS_ID' }));
  });
});

describe('person reference', () => {
  it('is opaque and validated', () => {
    const ref = PersonRef.fromUuid('0B6E1A6C-2F7E-4C1E-9D7A-3A1F0C2B9E11');
    expect(ref).toBe('per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11');
    expect(() => PersonRef.parse('131052-308T')).toThrow(expect.objectContaining({ code: 'INVALID_PERSON_REF' }));
  });
});
