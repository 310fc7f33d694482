import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { requireAcr, type Principal, type TokenVerifier } from '@luotsi/auth';
import { CLOCK, DomainError, hasIdentityCodeShape, IDENTITY_CODE_MASK, type Clock } from '@luotsi/kernel';
import { AccessLog, accessFor, setAccessOnRequest, type AccessOnRequest } from '../access-log/access-log';
import type { Actor, Role } from '../http/actor';
import type { RuntimeConfig } from '../runtime-config';
import { RUNTIME_CONFIG, TOKEN_VERIFIER } from '../tokens';
import { RateLimitedError, RateLimiter } from './rate-limit';
import { RESIDENT_DIRECTORY, type ResidentDirectory } from './resident-directory';
import { evaluateAccess, personParamOf, personRefNeeded, type AccessRule } from './scope';

const PRINCIPAL = Symbol.for('luotsi.principal');

/** The actor a principal is as `role`: id = subject, label = role:subject (a resident: resident:<personRef>). */
export function actorFromPrincipal(principal: Principal, role: Role, personRef?: string): Actor {
  return {
    role,
    id: principal.subject,
    label: role === 'resident' && personRef ? `resident:${personRef}` : `${role}:${principal.subject}`,
    roles: principal.roles,
    ...(principal.username !== undefined ? { username: principal.username } : {}),
    ...(principal.providerId !== undefined ? { providerId: principal.providerId } : {}),
    ...(principal.municipality !== undefined ? { municipality: principal.municipality } : {}),
    ...(principal.organisation !== undefined ? { organisation: principal.organisation } : {}),
    ...(role === 'resident' && personRef ? { personRef } : {}),
  };
}

/**
 * The access guard's work on one request, kept out of the guard: the bearer token → Principal →
 * (a resident's personRef from the identity registry) → the route's rule → Actor, with the
 * access log and the rate limit. Only the personRef leaves the edge, never the identity code.
 */
@Injectable()
export class RouteAccess {
  private readonly limiter: RateLimiter;

  constructor(
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    @Inject(RESIDENT_DIRECTORY) private readonly residents: ResidentDirectory,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly log: AccessLog,
  ) {
    this.limiter = new RateLimiter(config.rateLimits);
  }

  /** The request's verified principal (verified once per request); 401 AuthError otherwise. */
  async principalOf(req: Request): Promise<Principal> {
    const cached = (req as unknown as { [PRINCIPAL]?: Principal })[PRINCIPAL];
    if (cached) return cached;
    const principal = await this.verifier.verify(req.headers.authorization);
    refuseIdentityCodeClaims(principal);
    (req as unknown as { [PRINCIPAL]?: Principal })[PRINCIPAL] = principal;
    return principal;
  }

  /** A resident's personRef; 403 RESIDENT_UNKNOWN when the registry does not know their identity code. */
  async personRefOf(principal: Principal): Promise<string> {
    const code = principal.identityCode;
    const personRef = code ? await this.residents.personRefOf(code) : null;
    if (!personRef) throw new DomainError('RESIDENT_UNKNOWN', 'you are not a resident known to this service', {}, 'forbidden');
    return personRef;
  }

  /**
   * Lets the request in by the route's rule, or throws its refusal: 401 TOKEN_* (or
   * INSUFFICIENT_ASSURANCE for a resident below config.oidc.residentAcr), 403 FORBIDDEN_ROLE /
   * FORBIDDEN_SCOPE / RESIDENT_UNKNOWN, 429 RATE_LIMITED, 503 ACCESS_LOG_UNAVAILABLE. Routes with a
   * purpose or a rate limit record the outcome of every authenticated request in the access log.
   */
  async admit(req: Request, res: Response, rule: AccessRule, rateLimited: string | undefined): Promise<Actor> {
    const principal = await this.principalOf(req);
    const logged = rule.purpose ?? rateLimited;
    const personInPath = personConcerned(req, personParamOf(rule));
    const refuse = async (error: Error & { code?: string }, role?: string): Promise<never> => {
      if (logged)
        await this.log.record(
          req,
          accessFor(null, principal.subject, logged, { ...principalFields(principal), ...(role ? { role } : {}) }),
          { personRef: personInPath, outcome: 'refused', code: error.code ?? 'REFUSED' },
        );
      throw error;
    };
    let personRef: string | undefined;
    if (personRefNeeded(rule, principal.roles)) {
      try {
        requireAcr(principal, this.config.oidc.residentAcr);
        personRef = await this.personRefOf(principal);
      } catch (error) {
        return refuse(error as Error, 'resident');
      }
    }
    const decision = evaluateAccess(
      rule,
      {
        roles: principal.roles,
        personRef,
        providerId: principal.providerId,
        municipality: principal.municipality,
        organisation: principal.organisation,
      },
      req.params ?? {},
    );
    if (!decision.allowed) return refuse(new DomainError(decision.code, decision.message, decision.details, 'forbidden'));
    const actor = actorFromPrincipal(principal, decision.role, personRef);
    if (rateLimited) {
      const taken = this.limiter.take(rateLimited, principal.subject, this.clock.now().getTime());
      if (!taken.allowed) {
        res.setHeader('Retry-After', String(taken.retryAfterSeconds));
        if (logged)
          await this.log.record(req, accessFor(actor, undefined, logged), {
            personRef: personInPath,
            outcome: 'refused',
            code: 'RATE_LIMITED',
          });
        throw new RateLimitedError(taken.retryAfterSeconds, { kind: rateLimited, limit: taken.limit });
      }
    }
    if (logged) {
      const access: AccessOnRequest = accessFor(actor, undefined, logged);
      if (!rule.recordedByHandler) await this.log.record(req, access, { personRef: personInPath, outcome: 'allowed', code: null });
      setAccessOnRequest(req, access);
    }
    return actor;
  }

  /**
   * The actor of a route that declares no rule (controllers not yet on a declaration), when it sent
   * a token: in its first role. A refused token is kept as the refusal, given when the actor is asked for.
   */
  async actorOfUndeclared(req: Request): Promise<Actor> {
    const principal = await this.principalOf(req);
    const role = principal.roles[0];
    if (!role) throw new DomainError('FORBIDDEN_ROLE', 'the token carries no Luotsi role', { roles: [] }, 'forbidden');
    return actorFromPrincipal(principal, role, role === 'resident' ? await this.personRefOf(principal) : undefined);
  }
}

/**
 * A claim that names the caller (subject, username, organisation, provider, municipality, client)
 * goes into events' actor and the access log: one shaped like an identity code is refused, as in any
 * other field. Only a resident's own code claim may hold one (non-enumerable, resolved at the edge).
 */
function refuseIdentityCodeClaims(principal: Principal): void {
  const claims = (['subject', 'username', 'organisation', 'providerId', 'municipality', 'clientId'] as const).filter((name) => {
    const value = principal[name];
    return typeof value === 'string' && hasIdentityCodeShape(value);
  });
  if (claims.length > 0)
    throw new DomainError(
      'IDENTITY_CODE_NOT_ALLOWED',
      'the token names its caller with a personal identity code; only the resident code claim may carry one',
      { claims: claims.map((c) => `token.${c}`) },
      'validation',
    );
}

function principalFields(p: Principal): { username?: string; organisation?: string; role?: string } {
  return {
    ...(p.username !== undefined ? { username: p.username } : {}),
    ...((p.organisation ?? p.providerId ?? p.municipality) !== undefined
      ? { organisation: (p.organisation ?? p.providerId ?? p.municipality)! }
      : {}),
    ...(p.roles[0] ? { role: p.roles.join(',') } : {}),
  };
}

/** The person a request names: the rule's person parameter in the path, else in the query (an auditor's filter). */
function personConcerned(req: Request, param: string): string | null {
  const value = req.params?.[param] ?? req.query?.[param];
  if (typeof value !== 'string' || value === '') return null;
  // The access guard may run before the edge's input scan: a code sent in the path never reaches the log.
  return hasIdentityCodeShape(value) ? IDENTITY_CODE_MASK : value.slice(0, 100);
}
