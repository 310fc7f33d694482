import { createTokenVerifier } from '../token-verifier';
import { bearer, TEST_ISSUER, testJwks, testToken } from './test-tokens';

describe('test tokens', () => {
  const verifier = createTokenVerifier({ issuer: TEST_ISSUER, audience: 'luotsi-api', jwks: testJwks() });

  it('are accepted by a verifier given the test keys in-process', async () => {
    const principal = await verifier.verify(bearer({ sub: 'anna', roles: ['county'], organisation: 'pirkanmaa' }).Authorization);
    expect(principal).toMatchObject({ subject: 'anna', roles: ['county'], organisation: 'pirkanmaa' });
  });

  it('are refused when expired, for another audience, or from another issuer', async () => {
    await expect(verifier.verify(testToken({ sub: 'a', roles: [] }, { expiresInSec: -60 }))).rejects.toMatchObject({
      code: 'TOKEN_EXPIRED',
    });
    await expect(verifier.verify(testToken({ sub: 'a', roles: [] }, { audience: 'account' }))).rejects.toMatchObject({
      code: 'TOKEN_INVALID',
    });
    await expect(verifier.verify(testToken({ sub: 'a', roles: [] }, { issuer: 'https://elsewhere' }))).rejects.toMatchObject({
      code: 'TOKEN_INVALID',
    });
  });
});
