export { TestIssuer, type TestIssuerOptions, type SignOptions } from './test-issuer';
