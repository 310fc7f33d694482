import { hasIdentityCodeShape, identityCodePaths, maskIdentityCodes } from './identity-code-scan';

describe('identity-code shapes and uuids', () => {
  // The hex of these uuids holds a code shape: 150350-2021 (15 March 1950, sign -, 202, check 1).
  const ref = 'per_ab150350-2021-4c1e-9d7a-3a1f0c2b9e11';

  it('takes nothing inside a uuid for a code: personRefs, request ids, correlation ids', () => {
    expect(hasIdentityCodeShape(ref)).toBe(false);
    expect(hasIdentityCodeShape('ab150350-2021-4c1e-9d7a-3a1f0c2b9e11')).toBe(false);
    expect(identityCodePaths({ personRef: ref, requestId: '00131052-308f-4000-8000-000000000000' })).toEqual([]);
    expect(maskIdentityCodes(`resident:${ref}`)).toBe(`resident:${ref}`);
  });

  it('still finds a code beside a uuid, or glued to other text', () => {
    expect(hasIdentityCodeShape(`${ref} 150350-202H`)).toBe(true);
    expect(hasIdentityCodeShape('p131052-308t')).toBe(true);
    expect(maskIdentityCodes(`${ref} for 131052-308T`)).toBe(`${ref} for [identity code]`);
  });
});
