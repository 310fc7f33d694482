import { Hetu } from './hetu';
import { LocalDate } from './local-date';
import { hasIdentityCodeShape, identityCodePaths, maskIdentityCodes, maskIdentityCodesDeep } from './identity-code-scan';

const code = Hetu.generate(LocalDate.parse('1952-10-13'), 308);

describe('identity-code shapes in values', () => {
  it('finds a code inside free text, lower case or with a wrong check character', () => {
    expect(hasIdentityCodeShape(`asiakas ${code} soitti`)).toBe(true);
    expect(hasIdentityCodeShape(code.toLowerCase())).toBe(true);
    expect(hasIdentityCodeShape('131052-308U')).toBe(true);
    expect(hasIdentityCodeShape('010199B123C')).toBe(true);
  });

  it('leaves ordinary ids and dates alone', () => {
    for (const text of ['123456-7890', 'visit-2026-11-23', 'per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11', '0211675-2', 'hervanta']) {
      expect(hasIdentityCodeShape(text)).toBe(false);
    }
  });

  it('masks every occurrence and names the paths that carry one', () => {
    expect(maskIdentityCodes(`${code} and ${code}`)).toBe('[identity code] and [identity code]');
    const body = { identityCode: code, rows: [{ note: `re ${code}` }, { note: 'fine' }], [code]: 1 };
    expect(identityCodePaths(body, ['identityCode'])).toEqual(['rows.0.note', '(key)']);
    expect(JSON.stringify(maskIdentityCodesDeep(body))).not.toContain(code);
  });
});
