import { HttpException } from '@nestjs/common';

/**
 * A 401: the request carries no usable credentials. The kernel's DomainError kinds stop at 403
 * (a domain has no notion of "not signed in"), so this is an HttpException whose response is the
 * usual ErrorBody; the runtime's ErrorFilter already renders such exceptions with their status
 * and body unchanged.
 */
export class AuthError extends HttpException {
  /** Also `getStatus()`; HttpException keeps its own `status` private. */
  readonly statusCode = 401 as const;

  constructor(
    readonly code: 'TOKEN_MISSING' | 'TOKEN_INVALID' | 'TOKEN_EXPIRED' | 'INSUFFICIENT_ASSURANCE',
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super({ code, message, details }, 401);
    this.name = 'AuthError';
    // HttpException overwrites message with its own text for object bodies.
    this.message = message;
  }

  toJSON(): { code: string; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** A 503: the issuer's discovery document or JWKS could not be fetched; not the caller's fault. */
export class IssuerUnavailableError extends HttpException {
  readonly code = 'ISSUER_UNAVAILABLE';

  constructor(readonly details: Record<string, unknown> = {}) {
    super({ code: 'ISSUER_UNAVAILABLE', message: 'the identity provider could not be reached; try again shortly', details }, 503);
    this.name = 'IssuerUnavailableError';
    this.message = 'the identity provider could not be reached; try again shortly';
  }
}

export const isAuthError = (e: unknown): e is AuthError => e instanceof AuthError;
