import { AuthError, createTokenVerifier, type TokenVerifier } from '@luotsi/auth';
import { systemClock } from '@luotsi/kernel';
import type { OidcConfig } from '../runtime-config';

/**
 * The process's verifier. Token lifetimes are real time, so it reads the system clock, never the
 * business clock a demo or a test fixes (LUOTSI_FIXED_NOW). Without an issuer (a service started
 * with neither OIDC_ISSUER nor the embedded development issuer) every token is refused.
 */
export function tokenVerifierFor(oidc: OidcConfig): TokenVerifier {
  if (!oidc.issuer) {
    return {
      issuer: '',
      audience: oidc.audience,
      async verify(header) {
        if (!header || !header.trim())
          throw new AuthError('TOKEN_MISSING', 'send Authorization: Bearer <access token>', { header: 'Authorization' });
        throw new AuthError('TOKEN_INVALID', 'the bearer token is not valid: no issuer is configured (set OIDC_ISSUER)', {});
      },
    };
  }
  return createTokenVerifier({
    issuer: oidc.issuer,
    audience: oidc.audience,
    clock: systemClock,
    ...(oidc.jwks ? { jwks: oidc.jwks } : {}),
    ...(oidc.jwksUri ? { jwksUri: oidc.jwksUri } : {}),
  });
}
