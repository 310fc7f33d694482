import { PersonRef } from './person-ref';

describe('PersonRef', () => {
  it('wraps a uuid as an opaque reference', () => {
    expect(PersonRef.fromUuid('0B6E1A6C-2F7E-4C1E-9D7A-3A1F0C2B9E11')).toBe('per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11');
  });

  it('accepts per_ and 26–36 characters of [a-z0-9-], nothing else', () => {
    expect(PersonRef.isValid(`per_${'a'.repeat(26)}`)).toBe(true);
    expect(PersonRef.isValid(`per_${'a'.repeat(36)}`)).toBe(true);
    expect(PersonRef.isValid('per_01hq3v9k2m7x8y9z0a1b2c3d4e')).toBe(true);
    for (const bad of [
      `per_${'a'.repeat(25)}`,
      `per_${'a'.repeat(37)}`,
      `per_${'A'.repeat(30)}`,
      `usr_${'a'.repeat(30)}`,
      '131052-308T',
      '',
    ]) {
      expect(PersonRef.isValid(bad)).toBe(false);
    }
  });

  it('refuses anything else as a validation error', () => {
    expect(PersonRef.parse('per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11')).toBe('per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11');
    expect(() => PersonRef.parse('131052-308T')).toThrow(expect.objectContaining({ code: 'INVALID_PERSON_REF', kind: 'validation' }));
  });
});
