export { TestIssuer, type TestIssuerOptions, type SignOptions } from './test-issuer';
export { TEST_ISSUER, testJwks, testToken, bearer, type TestClaims } from './test-tokens';
