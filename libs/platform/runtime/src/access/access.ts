import { type CanActivate, type ExecutionContext, Inject, Injectable, Optional, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { CLOCK, DomainError, type Clock } from '@luotsi/kernel';
import { actorOfRequest, setActorSlot, type Actor, type Role } from '../http/actor';
import type { RuntimeConfig } from '../runtime-config';
import { RUNTIME_CONFIG } from '../tokens';
import { RouteAccess } from './principal-actor';
import { RATE_LIMITED_METADATA } from './rate-limit';
import type { AccessRule } from './scope';

export const ACCESS_METADATA = 'luotsi:access';
export const PUBLIC_METADATA = 'luotsi:public';
/** Set on the controllers of a context declaration: their routes must declare their access. */
export const DECLARED_CONTROLLER_METADATA = 'luotsi:declared-controller';

export type { AccessRule } from './scope';

/**
 * Who may call a route (on a controller: its routes' default; a route's own declaration wins):
 * `roles`, a `scope` naming the path parameter each scope rule reads (see ScopeRule), and the
 * `purpose` of a route that processes a person's data (its accesses go to the access log).
 */
export const Access = (rule: AccessRule) => SetMetadata(ACCESS_METADATA, rule);
export const Roles = (...roles: Role[]) => Access({ roles });
/** A route anyone may call: health, metrics, docs. */
export const Public = () => SetMetadata(PUBLIC_METADATA, true);

/**
 * The one place the caller's identity is read from a request: the actor the access guard made
 * from the verified bearer token (401 TOKEN_MISSING when none was sent, the token's refusal when
 * it was refused). Nothing else a caller sends names who they are.
 */
export function actorOf(req: object): Actor {
  return actorOfRequest(req);
}

/** What the guard leaves on the request for the envelope and the idempotency interceptor. */
export interface RequestContext {
  actor: Actor | null;
  now: Date;
}

const CONTEXT = Symbol.for('luotsi.request-context');

export function requestContextOf(req: object): RequestContext | undefined {
  return (req as { [CONTEXT]?: RequestContext })[CONTEXT];
}

/**
 * Global: a route is called only as it declares. `@Public()` lets anyone in; `@Access`/`@Roles`
 * needs an actor of one of the roles; a route that declares nothing is refused (403
 * ACCESS_UNDECLARED), so a forgotten declaration can never leave data open. With
 * `accessUndeclared: 'refuse-in-declared-contexts'` only the controllers of context declarations
 * are held to that (a context that still checks roles in its methods).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly refuseAll: boolean;

  constructor(
    private readonly reflector: Reflector,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: RouteAccess,
    @Optional() @Inject(RUNTIME_CONFIG) config?: Pick<RuntimeConfig, 'accessUndeclared'>,
  ) {
    this.refuseAll = (config?.accessUndeclared ?? 'refuse') === 'refuse';
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets) === true;
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, targets);
    const declared = this.refuseAll || Reflect.getMetadata(DECLARED_CONTROLLER_METADATA, context.getClass()) === true;
    let actor: Actor | null = null;
    if (rule && !isPublic) {
      actor = await this.access.admit(
        req,
        context.switchToHttp().getResponse<Response>(),
        rule,
        this.reflector.getAllAndOverride<string | undefined>(RATE_LIMITED_METADATA, targets),
      );
      setActorSlot(req, { actor });
    } else if (!isPublic && declared) {
      throw new DomainError(
        'ACCESS_UNDECLARED',
        'this route declares no access and is closed',
        { route: `${req.method} ${(req.route as { path?: string } | undefined)?.path ?? req.path}` },
        'forbidden',
      );
    } else {
      actor = await this.tryActor(req);
    }
    (req as unknown as { [CONTEXT]: RequestContext })[CONTEXT] = { actor, now: this.clock.now() };
    return true;
  }

  /** Public and undeclared routes: the caller if they sent a token; its refusal is kept for CurrentActor. */
  private async tryActor(req: Request): Promise<Actor | null> {
    if (req.headers.authorization === undefined) return null;
    try {
      const actor = await this.access.actorOfUndeclared(req);
      setActorSlot(req, { actor });
      return actor;
    } catch (refusal) {
      setActorSlot(req, { actor: null, refusal });
      return null;
    }
  }
}
