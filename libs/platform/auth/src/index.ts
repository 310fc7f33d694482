export {
  createTokenVerifier,
  DEFAULT_ALGORITHMS,
  DEFAULT_CLOCK_TOLERANCE_SEC,
  type TokenVerifier,
  type TokenVerifierOptions,
} from './token-verifier';
export { type Principal, type LuotsiRole, LUOTSI_ROLES, isLuotsiRole, makePrincipal } from './principal';
export { AuthError, IssuerUnavailableError, isAuthError } from './errors';
export { requireAcr, assuranceLevelOf, type AssuranceLevel } from './acr';
export {
  DEMO_DIRECTORY,
  WEB_CLIENT,
  API_AUDIENCE,
  demoSubject,
  type DemoDirectory,
  type DemoUser,
  type DemoServiceAccount,
} from './demo-users';
export { createDevIssuer, DevIssuerRefused, type DevIssuer, type DevIssuerHandler, type DevIssuerOptions } from './dev-issuer';
