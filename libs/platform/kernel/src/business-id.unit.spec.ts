import { BusinessId } from './business-id';

describe('BusinessId', () => {
  it('accepts a number whose check digit matches', () => {
    // 0·7 + 7·9 + 3·10 + 7·5 + 5·8 + 4·4 + 6·2 = 196; 196 mod 11 = 9; 11 − 9 = 2
    expect(BusinessId.isValid('0737546-2')).toBe(true);
    expect(BusinessId.parse(' 0737546-2 ')).toBe('0737546-2');
    // 1·7 + 2·2 = 11: remainder 0 gives check digit 0
    expect(BusinessId.isValid('1000002-0')).toBe(true);
  });

  it('refuses a wrong check digit and wrong shapes', () => {
    for (const bad of ['0737546-3', '0737546-0', '07375462', '737546-2', '0737546-22', 'A737546-2', ''])
      expect(BusinessId.isValid(bad)).toBe(false);
    expect(() => BusinessId.parse('0737546-3')).toThrow(expect.objectContaining({ code: 'INVALID_BUSINESS_ID', kind: 'validation' }));
  });

  it('refuses every check digit where the weighted sum leaves remainder 1', () => {
    // 1·7 + 8·2 = 23; 23 mod 11 = 1: no such business ID is ever issued
    expect(Array.from({ length: 10 }, (_, k) => BusinessId.isValid(`1000008-${k}`))).toEqual(Array(10).fill(false));
    expect(() => BusinessId.withCheckDigit('1000008')).toThrow(expect.objectContaining({ code: 'INVALID_BUSINESS_ID' }));
  });

  it('computes the check digit', () => {
    expect(BusinessId.withCheckDigit('0737546')).toBe('0737546-2');
    expect(BusinessId.withCheckDigit('1000002')).toBe('1000002-0');
    expect(() => BusinessId.withCheckDigit('123456')).toThrow(expect.objectContaining({ code: 'INVALID_BUSINESS_ID' }));
  });
});
